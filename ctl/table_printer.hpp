#pragma once
// blendctl's human-readable tables of blendd's JSON answers (--json prints the JSON instead).
#include <boost/json.hpp>
#include <string>

namespace blendd::ctl {

// `what` names the table: stats, agents, campaigns, schedule, governor, import, audit, and the
// reports report-intervals, report-agents, report-campaigns, report-products; any other prints
// the JSON.
void print_table(const std::string& what, const boost::json::value& body);

}  // namespace blendd::ctl
