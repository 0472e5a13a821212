#pragma once
// JSON text as people and scripts expect it: numbers as plain decimals (0.03, 0.0, 95.0), never the
// exponent form Boost.JSON 1.81 prints for doubles ("3E-2", "0E0"); not-a-number and infinities
// (which JSON has no text for) become null. Everything else as boost::json::serialize.
#include <boost/json/value.hpp>
#include <string>

namespace blendd::desk {

std::string json_text(const boost::json::value& v);

}  // namespace blendd::desk
