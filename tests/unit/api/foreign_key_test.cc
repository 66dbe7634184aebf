// FOREIGN KEY constraints through the embedded API: what .test files cannot show (DETAIL and
// HINT, COPY, two sessions, a reopened database). Their SQL behaviour is in
// tests/sql/ddl/foreign_keys.test.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "komodo/database.h"
#include "test_util.h"

namespace komodo {
namespace {

class ForeignKeyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(tmp_.path().empty());
    Open();
  }
  void TearDown() override {
    conn_.reset();
    db_.reset();
  }
  void Open() {
    conn_.reset();
    db_.reset();
    auto db = Database::Open(tmp_.path());
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    conn_ = std::move(db_->Connect()).value();
  }

  // The result rendered as "v|v\n...", the command tag, or the error with its DETAIL and HINT.
  static std::string Render(const Result<QueryResult>& r) {
    if (!r.ok()) return Error(r.status());
    return r->num_columns() == 0 ? r->command_tag() : test::Render(*r);
  }
  static std::string Error(const Status& s) {
    std::string out = "ERROR " + std::string(s.sqlstate()) + ": " + s.message();
    if (!s.detail().empty()) out += "\nDETAIL: " + s.detail();
    if (!s.hint().empty()) out += "\nHINT: " + s.hint();
    return out;
  }
  std::string Run(const std::string& sql) { return Render(conn_->Execute(sql)); }

  test::TempDir tmp_;  // declared first, so removed last
  std::unique_ptr<Database> db_;
  std::unique_ptr<Connection> conn_;
};

TEST_F(ForeignKeyTest, ErrorsCarryPostgresDetailAndHint) {
  ASSERT_EQ(Run("CREATE TABLE p (id int PRIMARY KEY, u text UNIQUE)"), "CREATE TABLE");
  ASSERT_EQ(Run("CREATE TABLE c (id int, p int REFERENCES p, t text REFERENCES p (u))"),
            "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO p VALUES (1, 'a')"), "INSERT 0 1");
  EXPECT_EQ(Run("INSERT INTO c VALUES (1, 5, NULL)"),
            "ERROR 23503: insert or update on table \"c\" violates foreign key constraint "
            "\"c_p_fkey\"\nDETAIL: Key (p)=(5) is not present in table \"p\".");
  ASSERT_EQ(Run("INSERT INTO c VALUES (1, 1, 'a')"), "INSERT 0 1");
  EXPECT_EQ(Run("DELETE FROM p"),
            "ERROR 23503: update or delete on table \"p\" violates foreign key constraint "
            "\"c_p_fkey\" on table \"c\"\nDETAIL: Key (id)=(1) is still referenced from table "
            "\"c\".");
  EXPECT_EQ(Run("CREATE TABLE bad (a text REFERENCES p)"),
            "ERROR 42804: foreign key constraint \"bad_a_fkey\" cannot be implemented\nDETAIL: Key "
            "columns \"a\" and \"id\" are of incompatible types: text and integer.");
  EXPECT_EQ(Run("DROP TABLE p"),
            "ERROR 2BP01: cannot drop table p because other objects depend on it\nDETAIL: "
            "constraint c_p_fkey on table c depends on table p\nconstraint c_t_fkey on table c "
            "depends on table p\nHINT: Use DROP ... CASCADE to drop the dependent objects too.");
  EXPECT_EQ(Run("TRUNCATE p"),
            "ERROR 0A000: cannot truncate a table referenced in a foreign key constraint\nDETAIL: "
            "Table \"c\" references \"p\".\nHINT: Truncate table \"c\" at the same time, or use "
            "TRUNCATE ... CASCADE.");
  EXPECT_EQ(Run("ALTER TABLE p DROP COLUMN u"),
            "ERROR 2BP01: cannot drop column u of table p because other objects depend on it\n"
            "DETAIL: constraint c_t_fkey on table c depends on column u of table p\nHINT: Use "
            "DROP ... CASCADE to drop the dependent objects too.");
  EXPECT_EQ(Run("ALTER TABLE p DROP CONSTRAINT p_pkey"),
            "ERROR 2BP01: cannot drop constraint p_pkey on table p because other objects depend "
            "on it\nDETAIL: constraint c_p_fkey on table c depends on index p_pkey\nHINT: Use "
            "DROP ... CASCADE to drop the dependent objects too.");
  // Not implemented: refused rather than ignored.
  EXPECT_EQ(conn_->Execute("CREATE TABLE d (a int REFERENCES p DEFERRABLE)").status().sqlstate(),
            "0A000");
}

TEST_F(ForeignKeyTest, CopyChecksEveryRowWhenTheDataEnds) {
  ASSERT_EQ(Run("CREATE TABLE p (id int PRIMARY KEY)"), "CREATE TABLE");
  ASSERT_EQ(Run("CREATE TABLE c (id int, p int REFERENCES p ON DELETE CASCADE)"), "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO p VALUES (1), (2)"), "INSERT 0 2");
  auto copy = conn_->BeginCopy("COPY c FROM STDIN");
  ASSERT_TRUE(copy.ok());
  ASSERT_TRUE((*copy)->Write("1\t1\n2\t\\N\n3\t5\n").ok());
  EXPECT_EQ(Render((*copy)->Finish()),
            "ERROR 23503: insert or update on table \"c\" violates foreign key constraint "
            "\"c_p_fkey\"\nDETAIL: Key (p)=(5) is not present in table \"p\".");
  EXPECT_EQ(Run("SELECT count(*) FROM c"), "0\n");
  copy = conn_->BeginCopy("COPY c FROM STDIN");
  ASSERT_TRUE(copy.ok());
  ASSERT_TRUE((*copy)->Write("1\t1\n2\t\\N\n3\t2\n").ok());
  EXPECT_EQ(Render((*copy)->Finish()), "COPY 3");
  EXPECT_EQ(Run("DELETE FROM p WHERE id = 2"), "DELETE 1");
  EXPECT_EQ(Run("SELECT id, p FROM c ORDER BY id"), "1|1\n2|NULL\n");
}

// A child insert locks the parent key it refers to, and a parent delete locks the row it
// deletes: whichever comes second waits for the first to commit and then sees its effect, so
// an orphan can never be committed.
TEST_F(ForeignKeyTest, ChildInsertAndParentDeleteDoNotBothCommit) {
  ASSERT_EQ(Run("CREATE TABLE p (id int PRIMARY KEY)"), "CREATE TABLE");
  ASSERT_EQ(Run("CREATE TABLE c (id int, p int REFERENCES p)"), "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO p VALUES (1), (2)"), "INSERT 0 2");
  auto other = std::move(db_->Connect()).value();

  // The child first: the delete waits, then finds the new child.
  ASSERT_EQ(Run("BEGIN"), "BEGIN");
  ASSERT_EQ(Run("INSERT INTO c VALUES (1, 1)"), "INSERT 0 1");
  std::string deleted;
  std::thread b([&] { deleted = Render(other->Execute("DELETE FROM p WHERE id = 1")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let it block on the lock
  ASSERT_EQ(Run("COMMIT"), "COMMIT");
  b.join();
  EXPECT_EQ(deleted,
            "ERROR 23503: update or delete on table \"p\" violates foreign key constraint "
            "\"c_p_fkey\" on table \"c\"\nDETAIL: Key (id)=(1) is still referenced from table "
            "\"c\".");

  // The parent delete first: the child insert waits, then finds no parent.
  ASSERT_EQ(Run("BEGIN"), "BEGIN");
  ASSERT_EQ(Run("DELETE FROM p WHERE id = 2"), "DELETE 1");
  std::string inserted;
  std::thread d([&] { inserted = Render(other->Execute("INSERT INTO c VALUES (2, 2)")); });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  ASSERT_EQ(Run("COMMIT"), "COMMIT");
  d.join();
  EXPECT_EQ(inserted,
            "ERROR 23503: insert or update on table \"c\" violates foreign key constraint "
            "\"c_p_fkey\"\nDETAIL: Key (p)=(2) is not present in table \"p\".");
  EXPECT_EQ(Run("SELECT p.id, c.id FROM p JOIN c ON c.p = p.id"), "1|1\n");
  EXPECT_EQ(Run("SELECT count(*) FROM c WHERE p NOT IN (SELECT id FROM p)"), "0\n");
}

// REPEATABLE READ keeps its snapshot, yet a referencing row committed after it still blocks the
// delete of its parent (PostgreSQL 15 reports 23503 here too), or makes a cascade fail with 40001.
TEST_F(ForeignKeyTest, RepeatableReadSeesReferencingRowsCommittedAfterItsSnapshot) {
  ASSERT_EQ(Run("CREATE TABLE p (id int PRIMARY KEY)"), "CREATE TABLE");
  ASSERT_EQ(Run("CREATE TABLE c (p int REFERENCES p)"), "CREATE TABLE");
  ASSERT_EQ(Run("CREATE TABLE cc (p int REFERENCES p ON DELETE CASCADE)"), "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO p VALUES (1), (2)"), "INSERT 0 2");
  auto other = std::move(db_->Connect()).value();
  ASSERT_EQ(Run("BEGIN ISOLATION LEVEL REPEATABLE READ"), "BEGIN");
  ASSERT_EQ(Run("SELECT count(*) FROM c"), "0\n");
  ASSERT_EQ(Render(other->Execute("INSERT INTO c VALUES (1)")), "INSERT 0 1");
  EXPECT_EQ(Run("DELETE FROM p WHERE id = 1"),
            "ERROR 23503: update or delete on table \"p\" violates foreign key constraint "
            "\"c_p_fkey\" on table \"c\"\nDETAIL: Key (id)=(1) is still referenced from table "
            "\"c\".");
  ASSERT_EQ(Run("ROLLBACK"), "ROLLBACK");
  ASSERT_EQ(Run("BEGIN ISOLATION LEVEL REPEATABLE READ"), "BEGIN");
  ASSERT_EQ(Run("SELECT count(*) FROM cc"), "0\n");
  ASSERT_EQ(Render(other->Execute("INSERT INTO cc VALUES (2)")), "INSERT 0 1");
  EXPECT_EQ(Run("DELETE FROM p WHERE id = 2"),
            "ERROR 40001: could not serialize access due to concurrent update");
  ASSERT_EQ(Run("ROLLBACK"), "ROLLBACK");
  EXPECT_EQ(Run("DELETE FROM p WHERE id = 2"), "DELETE 1");
  EXPECT_EQ(Run("SELECT count(*) FROM cc"), "0\n");
}

TEST_F(ForeignKeyTest, ConstraintsSurviveReopenAndRename) {
  ASSERT_EQ(Run("CREATE TABLE p (a int, b text, PRIMARY KEY (a, b))"), "CREATE TABLE");
  ASSERT_EQ(Run("CREATE TABLE c (x int, y text, CONSTRAINT fk FOREIGN KEY (x, y) REFERENCES p "
                "MATCH FULL ON UPDATE CASCADE ON DELETE SET NULL)"),
            "CREATE TABLE");
  ASSERT_EQ(Run("INSERT INTO p VALUES (1, 'a'), (2, 'b')"), "INSERT 0 2");
  ASSERT_EQ(Run("INSERT INTO c VALUES (1, 'a'), (2, 'b')"), "INSERT 0 2");
  Open();
  const std::string def =
      "SELECT conname, pg_get_constraintdef(oid), confupdtype, confdeltype, confmatchtype "
      "FROM pg_constraint WHERE contype = 'f'";
  EXPECT_EQ(Run(def),
            "fk|FOREIGN KEY (x, y) REFERENCES p(a, b) MATCH FULL ON UPDATE CASCADE ON DELETE SET "
            "NULL|c|n|f\n");
  EXPECT_EQ(Run("INSERT INTO c VALUES (3, 'c')").substr(0, 11), "ERROR 23503");
  ASSERT_EQ(Run("ALTER TABLE p RENAME TO q"), "ALTER TABLE");
  ASSERT_EQ(Run("ALTER TABLE q RENAME COLUMN b TO bb"), "ALTER TABLE");
  Open();
  EXPECT_EQ(Run(def),
            "fk|FOREIGN KEY (x, y) REFERENCES q(a, bb) MATCH FULL ON UPDATE CASCADE ON DELETE SET "
            "NULL|c|n|f\n");
  EXPECT_EQ(Run("UPDATE q SET a = 10 WHERE a = 1"), "UPDATE 1");
  EXPECT_EQ(Run("DELETE FROM q WHERE a = 2"), "DELETE 1");
  EXPECT_EQ(Run("SELECT x, y FROM c ORDER BY x"), "10|a\nNULL|NULL\n");
  EXPECT_EQ(Run("INSERT INTO c VALUES (1, 'a')").substr(0, 11), "ERROR 23503");
  ASSERT_EQ(Run("TRUNCATE c, q"), "TRUNCATE TABLE");
  EXPECT_EQ(Run("INSERT INTO q VALUES (5, 'e')"), "INSERT 0 1");
  EXPECT_EQ(Run("INSERT INTO c VALUES (5, 'e')"), "INSERT 0 1");
  ASSERT_EQ(Run("DROP TABLE q CASCADE"), "DROP TABLE");
  Open();
  EXPECT_EQ(Run(def), "");
  EXPECT_EQ(Run("INSERT INTO c VALUES (7, 'g')"), "INSERT 0 1");
}

}  // namespace
}  // namespace komodo
