#pragma once
// GET /api/v1/openapi.json: an OpenAPI 3 description made from the route table
// (daemon/api/route_table.hpp), so the two cannot disagree; the examples are the table's.
#include <string>

namespace blendd::daemon {

std::string openapi_json();

}  // namespace blendd::daemon
