// The registrar's bindings (RFC 3261 §10.3), on simulated time.
#include "sip/registrar.hpp"

#include <gtest/gtest.h>

using namespace blendd::sip;

namespace {

RegisterRequest reg(const std::string& contact, std::uint32_t cseq, int expires = 600,
                    const std::string& call_id = "phone-1") {
  RegisterRequest r;
  r.agent = "alice";
  r.call_id = call_id;
  r.cseq = cseq;
  if (!contact.empty()) r.contacts.push_back({contact, -1});
  r.expires_header_s = expires;
  r.transport = "udp";
  r.source_host = "127.0.0.5";
  r.source_port = 5080;
  r.user_agent = "desk phone 1.0";
  return r;
}

}  // namespace

TEST(Registrar, ARegisterBindsTheContactAtItsSourceUntilItExpires) {
  Registrar r({});
  const auto out = r.apply(reg("<sip:alice@10.0.0.7:5060;line=3>", 1), 1000);
  ASSERT_EQ(out.status, 200);
  EXPECT_TRUE(out.changed);
  ASSERT_EQ(out.bindings.size(), 1u);
  const Binding& b = out.bindings[0];
  EXPECT_EQ(b.contact, "sip:alice@10.0.0.7:5060;line=3");
  // Behind NAT: reached where the REGISTER came from, the contact's parameters kept.
  EXPECT_EQ(b.target, "sip:alice@127.0.0.5:5080;line=3");
  EXPECT_EQ(b.source, "127.0.0.5:5080");
  EXPECT_EQ(b.expires_at_ms, 1000 + 600'000);
  EXPECT_EQ(b.user_agent, "desk phone 1.0");
  EXPECT_TRUE(r.expire(1000 + 599'999).empty());
  EXPECT_EQ(r.expire(1000 + 600'000), std::vector<std::string>{"alice"});
  EXPECT_TRUE(r.bindings("alice").empty());
}

TEST(Registrar, ARefreshMovesTheExpiryAndIsNoChange) {
  Registrar r({});
  r.apply(reg("sip:alice@127.0.0.5:5080", 1), 0);
  const auto out = r.apply(reg("sip:alice@127.0.0.5:5080", 2, 300), 100'000);
  EXPECT_EQ(out.status, 200);
  EXPECT_FALSE(out.changed);
  EXPECT_EQ(r.bindings("alice").at(0).expires_at_ms, 100'000 + 300'000);
}

TEST(Registrar, ExpiriesAreHeldBetweenTheLimits) {
  Registrar r({.min_expires_s = 60, .max_expires_s = 3600, .default_expires_s = 600});
  const auto brief = r.apply(reg("sip:alice@h", 1, 30), 0);
  EXPECT_EQ(brief.status, 423);
  EXPECT_EQ(brief.min_expires_s, 60);
  EXPECT_TRUE(r.bindings("alice").empty());
  r.apply(reg("sip:alice@h", 2, 86400), 0);
  EXPECT_EQ(r.bindings("alice").at(0).expires_at_ms, 3600'000);
  auto no_expiry = reg("sip:alice@h", 3, -1);
  r.apply(no_expiry, 0);
  EXPECT_EQ(r.bindings("alice").at(0).expires_at_ms, 600'000);
  // A contact's own expires parameter wins over the header.
  auto own = reg("", 4, 600);
  own.contacts.push_back({"sip:alice@h", 120});
  r.apply(own, 0);
  EXPECT_EQ(r.bindings("alice").at(0).expires_at_ms, 120'000);
}

TEST(Registrar, ExpiresZeroAndTheWildcardRemove) {
  Registrar r({});
  r.apply(reg("sip:alice@a", 1, 600, "one"), 0);
  r.apply(reg("sip:alice@b", 1, 600, "two"), 0);
  ASSERT_EQ(r.bindings("alice").size(), 2u);
  const auto out = r.apply(reg("sip:alice@a", 2, 0, "one"), 0);
  EXPECT_TRUE(out.changed);
  ASSERT_EQ(r.bindings("alice").size(), 1u);
  auto star = reg("", 2, 0, "two");
  star.wildcard = true;
  EXPECT_EQ(r.apply(star, 0).status, 200);
  EXPECT_TRUE(r.bindings("alice").empty());
  auto bad_star = reg("", 3, 600, "two");
  bad_star.wildcard = true;
  EXPECT_EQ(r.apply(bad_star, 0).status, 400);
}

TEST(Registrar, AnOlderRequestOfTheSamePhoneChangesNothing) {
  Registrar r({});
  r.apply(reg("sip:alice@a", 5), 0);
  const auto out = r.apply(reg("sip:alice@a", 5, 0), 0);
  EXPECT_EQ(out.status, 500);
  EXPECT_EQ(r.bindings("alice").size(), 1u);
  // A query (no Contact) is always answered with the bindings.
  const auto query = r.apply(reg("", 4), 0);
  EXPECT_EQ(query.status, 200);
  EXPECT_EQ(query.bindings.size(), 1u);
}

TEST(Registrar, APhoneThatMovedIsReplacedNotRungTwice) {
  Registrar r({});
  r.apply(reg("sip:alice@192.168.1.20:5060", 1), 0);
  auto moved = reg("sip:alice@10.8.0.3:5060", 2);
  moved.source_host = "127.0.0.9";
  moved.source_port = 6000;
  const auto out = r.apply(moved, 1000);
  EXPECT_TRUE(out.changed);
  ASSERT_EQ(r.bindings("alice").size(), 1u);
  EXPECT_EQ(r.bindings("alice")[0].target, "sip:alice@127.0.0.9:6000");
}

TEST(Registrar, ANewPhoneBeyondTheLimitPushesOutTheOldest) {
  Registrar r({.max_contacts = 2});
  r.apply(reg("sip:alice@a", 1, 600, "one"), 0);
  r.apply(reg("sip:alice@b", 1, 600, "two"), 1000);
  r.apply(reg("sip:alice@c", 1, 600, "three"), 2000);
  const auto& list = r.bindings("alice");
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].contact, "sip:alice@b");
  EXPECT_EQ(list[1].contact, "sip:alice@c");
}

TEST(Registrar, AContactThatIsNoSipUriIsRefused) {
  Registrar r({});
  EXPECT_EQ(r.apply(reg("tel:+4930123", 1), 0).status, 400);
  EXPECT_TRUE(r.bindings("alice").empty());
}

TEST(Registrar, ARestoreJoinsFreshBindingsAndDropsWhatTheOtherNodeRemoved) {
  Registrar r({});
  // Registered here since the start: newer than the store's copy of the same contact.
  r.apply(reg("sip:alice@a", 9), 50'000);
  Binding old_a;
  old_a.contact = "sip:alice@a";
  old_a.target = "sip:alice@old:1";
  old_a.expires_at_ms = 100'000;
  Binding b;
  b.contact = "sip:bob@b";
  b.target = "sip:bob@127.0.0.6:5090";
  b.expires_at_ms = 200'000;
  Binding gone = b;
  gone.expires_at_ms = 40'000;  // expired before the restore
  auto changed =
      r.restore({{"alice", {old_a}, ""}, {"bob", {b}, ""}, {"carol", {gone}, ""}}, 45'000);
  EXPECT_EQ(changed, std::vector<std::string>{"bob"});
  EXPECT_EQ(r.bindings("alice").at(0).target, "sip:alice@127.0.0.5:5080");
  EXPECT_EQ(r.bindings("bob").size(), 1u);
  EXPECT_TRUE(r.bindings("carol").empty());
  // The next copy no longer holds bob's phone (the active saw it removed): it goes here too.
  changed = r.restore({{"alice", {old_a}, ""}}, 46'000);
  EXPECT_EQ(changed, std::vector<std::string>{"bob"});
  EXPECT_TRUE(r.bindings("bob").empty());
  EXPECT_EQ(r.bindings("alice").size(), 1u);
}

TEST(Registrar, FlowTargetsUseTheAddressAndTransportTheRegisterCameOver) {
  EXPECT_EQ(flow_target("sip:alice@10.0.0.1:5060;transport=udp", "tcp", "127.0.0.2", 40001),
            "sip:alice@127.0.0.2:40001;transport=tcp");
  EXPECT_EQ(flow_target("<sip:alice@10.0.0.1;ob>", "tls", "::1", 5061),
            "sip:alice@[::1]:5061;ob;transport=tls");
  EXPECT_EQ(flow_target("sips:alice@10.0.0.1", "tls", "127.0.0.2", 5061),
            "sips:alice@127.0.0.2:5061");
  EXPECT_EQ(flow_target("sip:10.0.0.1?Subject=x", "udp", "127.0.0.2", 5062), "sip:127.0.0.2:5062");
  EXPECT_EQ(flow_target("mailto:alice@example.com", "udp", "127.0.0.2", 5062), "");
}
