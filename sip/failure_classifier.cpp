#include "sip/failure_classifier.hpp"

namespace blendd::sip {

FailureClass classify_failure(int status, bool ring_timeout) {
  if (ring_timeout) return FailureClass::no_answer;
  switch (status) {
    case 486:  // Busy Here
    case 600:  // Busy Everywhere
      return FailureClass::busy;
    case 408:  // Request Timeout: the far end never answered (or the trunk gave up)
    case 480:  // Temporarily Unavailable: no answer on many trunks
    case 487:  // Request Terminated without our CANCEL: treated as unanswered
      return FailureClass::no_answer;
    case 603:  // Decline
    case 403:  // Forbidden
    case 488:  // Not Acceptable Here (codec)
    case 606:
      return FailureClass::rejected;
    case 404:  // number not found
    case 484:  // address incomplete
    case 604:  // does not exist anywhere
    case 410:  // gone
      return FailureClass::unavailable;
    default:
      return FailureClass::failed;  // 5xx, 401/407 that could not be satisfied, 3xx, ...
  }
}

bool is_trunk_fault(int status, bool trunk_heard) {
  if (!trunk_heard) return true;
  switch (status) {
    case 500:
    case 502:
    case 503:
    case 504:
      return true;
    default:
      return false;
  }
}

}  // namespace blendd::sip
