// Numeric moved to the public header komodo/numeric.h (Value holds one).
#pragma once

#include "komodo/numeric.h"
