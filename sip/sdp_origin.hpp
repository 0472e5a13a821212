#pragma once
// One party's SDP given to a peer that had another's before (a transfer puts a new agent behind
// the customer): RFC 3264 §8 wants a re-offer to keep the session's o= line — username, session
// id, address — with its version one higher, or the peer may take it for a new session.
#include <string>

namespace blendd::sip {

// `next` with its o= line made the successor of `previous`'s (the version one above the higher
// of the two; either without an o= line: `next` unchanged).
std::string continue_origin(const std::string& previous, const std::string& next);
// Whether two SDPs send the same media to the same place: their c= and m= lines equal.
bool same_media(const std::string& a, const std::string& b);

}  // namespace blendd::sip
