#pragma once
// What a refused dial or transfer tells the agent: the reason code as a sentence for the desk,
// and the SIP status a phone hears (its Warning, or a REFER's NOTIFY, says why).
#include <string>

namespace blendd::daemon {

std::string refusal_text(const std::string& reason);
int refusal_status(const std::string& reason);

}  // namespace blendd::daemon
