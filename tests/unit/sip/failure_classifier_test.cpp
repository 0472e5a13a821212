// Final SIP statuses of outbound INVITEs → the dialler's failure classes.
#include <gtest/gtest.h>

#include "sip/failure_classifier.hpp"

using blendd::sip::classify_failure;
using blendd::sip::FailureClass;

TEST(FailureClassifier, BusyStatuses) {
  EXPECT_EQ(classify_failure(486, false), FailureClass::busy);
  EXPECT_EQ(classify_failure(600, false), FailureClass::busy);
}

TEST(FailureClassifier, OurOwnCancelAfterTheRingTimeoutIsNoAnswer) {
  EXPECT_EQ(classify_failure(487, true), FailureClass::no_answer);
  EXPECT_EQ(classify_failure(480, false), FailureClass::no_answer);
  EXPECT_EQ(classify_failure(408, false), FailureClass::no_answer);
}

TEST(FailureClassifier, DeclinedAndUnknownNumbersAreNotRetriedAlike) {
  EXPECT_EQ(classify_failure(603, false), FailureClass::rejected);
  EXPECT_EQ(classify_failure(404, false), FailureClass::unavailable);
  EXPECT_EQ(classify_failure(484, false), FailureClass::unavailable);
}

TEST(FailureClassifier, ServerAndAuthFailuresAreFailures) {
  EXPECT_EQ(classify_failure(503, false), FailureClass::failed);
  EXPECT_EQ(classify_failure(500, false), FailureClass::failed);
  EXPECT_EQ(classify_failure(401, false), FailureClass::failed);
}

TEST(FailureClassifier, TrunkFaultsAreServerErrorsAndSilenceNotTheCustomersAnswers) {
  for (int status : {500, 502, 503, 504})
    EXPECT_TRUE(blendd::sip::is_trunk_fault(status, true)) << status;
  for (int status : {486, 480, 408, 404, 603, 487, 488}) {
    EXPECT_FALSE(blendd::sip::is_trunk_fault(status, true)) << status;
  }
  // Nothing ever came back from the trunk (sofia's own 408 or transport error): a fault.
  EXPECT_TRUE(blendd::sip::is_trunk_fault(408, false));
  EXPECT_TRUE(blendd::sip::is_trunk_fault(503, false));
}
