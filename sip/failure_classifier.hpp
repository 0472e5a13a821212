#pragma once
// Maps a final SIP status of an outbound INVITE to the dialler's failure classes (RFC 3261
// §21). Kept apart so the mapping is tested and changed in one place.
#include "sip/leg_event.hpp"

namespace blendd::sip {

// `ring_timeout` is true when blendd itself CANCELled a ringing call (the 487 that follows is
// "no answer", not a rejection).
FailureClass classify_failure(int status, bool ring_timeout);

// Whether a failed outbound INVITE says the trunk itself is in trouble (so its circuit breaker
// counts it): a 500/502/503/504 from it, or no response from it at all (`trunk_heard` false:
// sofia's own timeout or transport error). Busy, no answer, rejections are the customer's.
bool is_trunk_fault(int status, bool trunk_heard);

}  // namespace blendd::sip
