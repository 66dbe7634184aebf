// information_schema's views, computed from the catalog.
#include "catalog/system_views_internal.h"
#include "komodo/numeric.h"

namespace komodo::catalog::views {

void InfoTables(Builder& b, const CatalogState& s) {
  b.Columns({{"table_catalog", kText},
             {"table_schema", kText},
             {"table_name", kText},
             {"table_type", kText},
             {"self_referencing_column_name", kText},
             {"reference_generation", kText},
             {"user_defined_type_catalog", kText},
             {"user_defined_type_schema", kText},
             {"user_defined_type_name", kText},
             {"is_insertable_into", kText},
             {"is_typed", kText},
             {"commit_action", kText}});
  for (const auto& [name, t] : s.tables()) {
    b.Add({Text(kDatabaseName), Text(t->schema), Text(t->name), Text("BASE TABLE"), Null(kText),
           Null(kText), Null(kText), Null(kText), Null(kText), Text("YES"), Text("NO"),
           Null(kText)});
  }
  for (const auto& [name, v] : s.views()) {
    b.Add({Text(kDatabaseName), Text("public"), Text(v.name), Text("VIEW"), Null(kText),
           Null(kText), Null(kText), Null(kText), Null(kText), Text("NO"), Text("NO"),
           Null(kText)});
  }
}

void InfoColumns(Builder& b, const CatalogState& s) {
  b.Columns({{"table_catalog", kText},
             {"table_schema", kText},
             {"table_name", kText},
             {"column_name", kText},
             {"ordinal_position", kInt4},
             {"column_default", kText},
             {"is_nullable", kText},
             {"data_type", kText},
             {"character_maximum_length", kInt4},
             {"character_octet_length", kInt4},
             {"numeric_precision", kInt4},
             {"numeric_precision_radix", kInt4},
             {"numeric_scale", kInt4},
             {"datetime_precision", kInt4},
             {"udt_catalog", kText},
             {"udt_schema", kText},
             {"udt_name", kText},
             {"is_identity", kText},
             {"identity_generation", kText},
             {"identity_start", kText},
             {"identity_increment", kText},
             {"identity_maximum", kText},
             {"identity_minimum", kText},
             {"identity_cycle", kText},
             {"is_generated", kText},
             {"is_updatable", kText}});
  for (const auto& [name, t] : s.tables()) {
    for (size_t i = 0; i < t->columns.size(); i++) {
      const ColumnDef& c = t->columns[i];
      // An identity column's sequence: PostgreSQL shows its options as text.
      const SequenceDef* seq = nullptr;
      if (c.identity != 0) {
        for (const auto& [seq_name, def] : s.sequences()) {
          if (def.owner_table == t->id && def.owner_column == c.name) seq = &def;
        }
      }
      auto seq_text = [&](int64_t SequenceDef::*field) {
        return seq == nullptr ? Null(kText) : Text(std::to_string(seq->*field));
      };
      Value char_len = Null(kInt4), octet_len = Null(kInt4), precision = Null(kInt4),
            radix = Null(kInt4), scale = Null(kInt4), dt_precision = Null(kInt4);
      switch (c.type) {
        case TypeId::kVarchar:
        case TypeId::kBpchar:
          if (c.typmod >= 0) {
            char_len = Value::Int4(c.typmod);
            octet_len = Value::Int4(c.typmod * 4);
          } else {
            octet_len = Value::Int4(1073741824);
          }
          break;
        case TypeId::kText:
          octet_len = Value::Int4(1073741824);
          break;
        case TypeId::kInt2:
        case TypeId::kInt4:
        case TypeId::kInt8:
          precision = Value::Int4(c.type == TypeId::kInt2 ? 16 : c.type == TypeId::kInt4 ? 32 : 64);
          radix = Value::Int4(2);
          scale = Value::Int4(0);
          break;
        case TypeId::kFloat4:
        case TypeId::kFloat8:
          precision = Value::Int4(c.type == TypeId::kFloat4 ? 24 : 53);
          radix = Value::Int4(2);
          break;
        case TypeId::kNumeric:
          radix = Value::Int4(10);
          if (Numeric::IsValidTypmod(c.typmod)) {
            precision = Value::Int4(Numeric::TypmodPrecision(c.typmod));
            scale = Value::Int4(Numeric::TypmodScale(c.typmod));
          }
          break;
        case TypeId::kDate:
          dt_precision = Value::Int4(0);
          break;
        case TypeId::kTimestamp:
        case TypeId::kTimestampTz:
          dt_precision = Value::Int4(6);
          break;
        default:
          break;
      }
      b.Add({Text(kDatabaseName),
             Text(t->schema),
             Text(t->name),
             Text(c.name),
             Value::Int4(static_cast<int32_t>(i + 1)),
             c.default_expr.empty() || c.identity != 0 ? Null(kText) : Text(c.default_expr),
             Text(c.not_null ? "NO" : "YES"),
             Text(IsArrayType(c.type) ? std::string("ARRAY") : std::string(TypeName(c.type))),
             char_len,
             octet_len,
             precision,
             radix,
             scale,
             dt_precision,
             Text(kDatabaseName),
             Text("pg_catalog"),
             Text(UdtName(c.type)),
             Text(c.identity != 0 ? "YES" : "NO"),
             c.identity == 0     ? Null(kText)
             : c.identity == 'a' ? Text("ALWAYS")
                                 : Text("BY DEFAULT"),
             seq_text(&SequenceDef::start),
             seq_text(&SequenceDef::increment),
             seq_text(&SequenceDef::max),
             seq_text(&SequenceDef::min),
             Text(seq != nullptr && seq->cycle ? "YES" : "NO"),
             Text("NEVER"),
             Text("YES")});
    }
  }
}

void InfoSchemata(Builder& b) {
  b.Columns({{"catalog_name", kText},
             {"schema_name", kText},
             {"schema_owner", kText},
             {"default_character_set_catalog", kText},
             {"default_character_set_schema", kText},
             {"default_character_set_name", kText},
             {"sql_path", kText}});
  for (const char* name : {"information_schema", "pg_catalog", "public"}) {
    b.Add({Text(kDatabaseName), Text(name), Text(kRoleName), Null(kText), Null(kText), Null(kText),
           Null(kText)});
  }
}

void InfoTableConstraints(Builder& b, const CatalogState& s) {
  b.Columns({{"constraint_catalog", kText},
             {"constraint_schema", kText},
             {"constraint_name", kText},
             {"table_catalog", kText},
             {"table_schema", kText},
             {"table_name", kText},
             {"constraint_type", kText},
             {"is_deferrable", kText},
             {"initially_deferred", kText},
             {"enforced", kText},
             {"nulls_distinct", kText}});
  for (const auto& [name, t] : s.tables()) {
    for (const IndexDef* idx : Indexes(*t)) {
      if (!IsConstraint(*t, *idx)) continue;
      b.Add({Text(kDatabaseName), Text(t->schema), Text(idx->name), Text(kDatabaseName),
             Text(t->schema), Text(t->name), Text(idx->primary ? "PRIMARY KEY" : "UNIQUE"),
             Text("NO"), Text("NO"), Text("YES"), Text("YES")});
    }
  }
  for (const ForeignKeyRef& f : ForeignKeys(s)) {
    b.Add({Text(kDatabaseName), Text(f.table->schema), Text(f.fk->name), Text(kDatabaseName),
           Text(f.table->schema), Text(f.table->name), Text("FOREIGN KEY"), Text("NO"), Text("NO"),
           Text("YES"), Null(kText)});
  }
}

void InfoKeyColumnUsage(Builder& b, const CatalogState& s) {
  b.Columns({{"constraint_catalog", kText},
             {"constraint_schema", kText},
             {"constraint_name", kText},
             {"table_catalog", kText},
             {"table_schema", kText},
             {"table_name", kText},
             {"column_name", kText},
             {"ordinal_position", kInt4},
             {"position_in_unique_constraint", kInt4}});
  for (const auto& [name, t] : s.tables()) {
    for (const IndexDef* idx : Indexes(*t)) {
      if (!IsConstraint(*t, *idx)) continue;
      for (size_t i = 0; i < idx->column_ids.size(); i++) {
        b.Add({Text(kDatabaseName), Text(t->schema), Text(idx->name), Text(kDatabaseName),
               Text(t->schema), Text(t->name),
               Text(t->columns[t->ColumnPosition(idx->column_ids[i])].name),
               Value::Int4(static_cast<int32_t>(i + 1)), Null(kInt4)});
      }
    }
  }
  for (const ForeignKeyRef& f : ForeignKeys(s)) {
    const IndexDef* idx = ReferencedConstraint(*f.ref, *f.fk);
    for (size_t i = 0; i < f.fk->column_ids.size(); i++) {
      // position_in_unique_constraint: where the referenced column sits in the referenced key.
      Value in_unique = Null(kInt4);
      if (idx != nullptr) {
        auto at =
            std::find(idx->column_ids.begin(), idx->column_ids.end(), f.fk->ref_column_ids[i]);
        in_unique = Value::Int4(static_cast<int32_t>(at - idx->column_ids.begin() + 1));
      }
      b.Add({Text(kDatabaseName), Text(f.table->schema), Text(f.fk->name), Text(kDatabaseName),
             Text(f.table->schema), Text(f.table->name),
             Text(f.table->columns[f.table->ColumnPosition(f.fk->column_ids[i])].name),
             Value::Int4(static_cast<int32_t>(i + 1)), in_unique});
    }
  }
}

void InfoReferentialConstraints(Builder& b, const CatalogState& s) {
  b.Columns({{"constraint_catalog", kText},
             {"constraint_schema", kText},
             {"constraint_name", kText},
             {"unique_constraint_catalog", kText},
             {"unique_constraint_schema", kText},
             {"unique_constraint_name", kText},
             {"match_option", kText},
             {"update_rule", kText},
             {"delete_rule", kText}});
  for (const ForeignKeyRef& f : ForeignKeys(s)) {
    const IndexDef* idx = ReferencedConstraint(*f.ref, *f.fk);
    b.Add({Text(kDatabaseName), Text(f.table->schema), Text(f.fk->name), Text(kDatabaseName),
           Text(f.ref->schema), idx != nullptr ? Text(idx->name) : Null(kText),
           Text(f.fk->match_full ? "FULL" : "NONE"), Text(ActionName(f.fk->on_update)),
           Text(ActionName(f.fk->on_delete))});
  }
}

// The columns each constraint uses: a key's own columns, a foreign key's referenced ones.
void InfoConstraintColumnUsage(Builder& b, const CatalogState& s) {
  b.Columns({{"table_catalog", kText},
             {"table_schema", kText},
             {"table_name", kText},
             {"column_name", kText},
             {"constraint_catalog", kText},
             {"constraint_schema", kText},
             {"constraint_name", kText}});
  auto add = [&](const TableDef& t, uint32_t column_id, const std::string& constraint) {
    b.Add({Text(kDatabaseName), Text(t.schema), Text(t.name),
           Text(t.columns[t.ColumnPosition(column_id)].name), Text(kDatabaseName), Text(t.schema),
           Text(constraint)});
  };
  for (const auto& [name, t] : s.tables()) {
    for (const IndexDef* idx : Indexes(*t)) {
      if (!IsConstraint(*t, *idx)) continue;
      for (uint32_t id : idx->column_ids) add(*t, id, idx->name);
    }
  }
  for (const ForeignKeyRef& f : ForeignKeys(s)) {
    for (uint32_t id : f.fk->ref_column_ids) add(*f.ref, id, f.fk->name);
  }
}

}  // namespace komodo::catalog::views
