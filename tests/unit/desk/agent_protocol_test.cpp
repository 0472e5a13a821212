// The agent desktop protocol: every message type parses, every malformed message says why.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "desk/agent_protocol.hpp"
#include "desk/phone_protocol.hpp"

using namespace blendd::desk;

namespace {

AgentMessage parsed(const std::string& text) {
  auto r = parse_agent_message(text);
  if (auto* e = std::get_if<ProtocolError>(&r)) ADD_FAILURE() << e->code << ": " << e->message;
  return std::get<AgentMessage>(r);
}

ProtocolError refused(const std::string& text) {
  auto r = parse_agent_message(text);
  EXPECT_TRUE(std::holds_alternative<ProtocolError>(r)) << text;
  return std::holds_alternative<ProtocolError>(r) ? std::get<ProtocolError>(r) : ProtocolError{};
}

}  // namespace

TEST(AgentProtocol, EveryAgentMessageTypeParses) {
  auto login =
      std::get<LoginMessage>(parsed(R"({"v":1,"type":"login","agent":"a01","token":"t"})"));
  EXPECT_EQ(login.agent, "a01");
  EXPECT_EQ(login.token, "t");
  EXPECT_TRUE(std::holds_alternative<ReadyMessage>(parsed(R"({"v":1,"type":"ready"})")));
  EXPECT_EQ(
      std::get<NotReadyMessage>(parsed(R"({"v":1,"type":"not_ready","reason":"break"})")).reason,
      "break");
  EXPECT_TRUE(std::holds_alternative<HeartbeatMessage>(parsed(R"({"v":1,"type":"heartbeat"})")));
  EXPECT_TRUE(std::holds_alternative<LogoutMessage>(parsed(R"({"v":1,"type":"logout"})")));
  auto submit = std::get<SubmitMessage>(parsed(
      R"({"v":1,"type":"submit","call":"42","disposition":"callback","callback_at_ms":1800000000000,
          "answers":{"q1":true,"q2":3,"q3":"text","q4":["a","b"],"q5":null}})"));
  EXPECT_EQ(submit.call, "42");
  EXPECT_EQ(submit.disposition, "callback");
  EXPECT_EQ(submit.callback_ms, 1800000000000);
  EXPECT_EQ(std::get<bool>(submit.answers.at("q1")), true);
  EXPECT_EQ(std::get<double>(submit.answers.at("q2")), 3.0);
  EXPECT_EQ(std::get<std::string>(submit.answers.at("q3")), "text");
  EXPECT_EQ(std::get<std::vector<std::string>>(submit.answers.at("q4")).size(), 2u);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(submit.answers.at("q5")));
  auto asked = std::get<AskedAboutMessage>(
      parsed(R"({"v":1,"type":"asked_about","call":"42","product":"tv","reason":"price"})"));
  EXPECT_EQ(asked.product, "tv");
}

TEST(AgentProtocol, MalformedMessagesSayWhatIsWrong) {
  EXPECT_EQ(refused("{not json").code, "bad_json");
  EXPECT_EQ(refused("[1,2]").code, "bad_json");
  EXPECT_EQ(refused(R"({"type":"ready"})").code, "bad_version");
  EXPECT_EQ(refused(R"({"v":2,"type":"ready"})").code, "bad_version");
  EXPECT_EQ(refused(R"({"v":1,"type":"dance"})").message, "no message type 'dance'");
  EXPECT_EQ(refused(R"({"v":1,"type":"login","agent":"a01"})").message, "'token' is required");
  EXPECT_EQ(refused(R"({"v":1,"type":"login","agent":7,"token":"t"})").message,
            "'agent' must be a string");
  EXPECT_EQ(refused(R"({"v":1,"type":"submit","call":"1","disposition":"x","answers":[]})").message,
            "'answers' must be an object");
  EXPECT_EQ(
      refused(R"({"v":1,"type":"submit","call":"1","disposition":"x","callback_at_ms":"soon"})")
          .message,
      "'callback_at_ms' must be an integer of ms since 1970, at most year 9999's end");
  EXPECT_EQ(
      refused(R"({"v":1,"type":"submit","call":"1","disposition":"x","answers":{"q":{"a":1}}})")
          .message,
      "answers.q: an answer is a boolean, number, string or list of strings");
}

TEST(AgentProtocol, CallOfferCarriesCustomerProductAndQuestionnaire) {
  blendd::config::ProductConfig product{"fibre", "Fibre 500", 3, {"fast"}, "Hello", {"book"}, {}};
  blendd::config::QuestionnaireConfig form;
  form.id = "survey";
  blendd::config::QuestionConfig q;
  q.id = "lines";
  q.text = "Lines?";
  q.type = blendd::config::QuestionType::number;
  q.has_range = true;
  q.min = 1;
  q.max = 4;
  form.questions.push_back(q);
  CallOffer offer;
  offer.call = "4611686018427387905";
  offer.direction = "outbound";
  offer.campaign = "spring";
  offer.group = "sales";
  offer.number = "+4930123";
  offer.name = "Ann";
  offer.custom_json = R"({"tariff":"L"})";
  offer.product = &product;
  offer.questionnaire = &form;
  auto v = boost::json::parse(encode_call_offered(offer)).as_object();
  EXPECT_EQ(v.at("type").as_string(), "call_offered");
  EXPECT_EQ(v.at("call").as_string(), "4611686018427387905") << "ids beyond 2^53 travel as strings";
  EXPECT_EQ(v.at("customer").at("fields").at("tariff").as_string(), "L");
  EXPECT_EQ(v.at("product").at("points").as_int64(), 3);
  EXPECT_EQ(v.at("questionnaire").at("questions").at(0).at("max").as_double(), 4.0);
}

TEST(AgentProtocol, WelcomeCarriesTheCatalogueWithItsKnowledgeAndTheWrapUp) {
  blendd::config::ProductConfig fibre;
  fibre.id = "fibre";
  fibre.name = "Fibre 500";
  fibre.selling_points = {"fast"};
  fibre.knowledge = {"Cheaper than cable after month 6", "No contract"};
  blendd::config::ProductConfig mobile;
  mobile.id = "mobile";
  mobile.name = "Mobile XL";
  auto v = boost::json::parse(
               encode_welcome("a01", "sales", {"http://127.0.0.1:8080"}, {fibre, mobile}, 45))
               .as_object();
  EXPECT_EQ(v.at("wrap_up_s").as_int64(), 45);
  const auto& catalogue = v.at("catalogue").as_array();
  ASSERT_EQ(catalogue.size(), 2u);
  EXPECT_EQ(catalogue[0].at("id").as_string(), "fibre");
  EXPECT_EQ(catalogue[0].at("knowledge").at(1).as_string(), "No contract");
  EXPECT_EQ(catalogue[1].at("name").as_string(), "Mobile XL");
  EXPECT_TRUE(catalogue[1].at("knowledge").as_array().empty());
}

TEST(AgentProtocol, ThePhoneMessagesParseAndBadOnesSayWhichField) {
  const std::string sdp =
      R"(v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n)";
  auto answer = std::get<PhoneAnswerMessage>(
      parsed(R"({"v":1,"type":"phone_answer","call":"42","sdp":")" + sdp + "\"}"));
  EXPECT_EQ(answer.call, "42");
  EXPECT_EQ(answer.sdp.rfind("v=0\r\n", 0), 0u);
  EXPECT_EQ(std::get<PhoneOfferMessage>(
                parsed(R"({"v":1,"type":"phone_offer","call":"42","sdp":")" + sdp + "\"}"))
                .call,
            "42");
  auto media = std::get<PhoneMediaMessage>(
      parsed(R"({"v":1,"type":"phone_media","call":"42","state":"failed","reason":"ICE"})"));
  EXPECT_FALSE(media.connected);
  EXPECT_EQ(media.reason, "ICE");
  EXPECT_TRUE(std::get<PhoneMediaMessage>(
                  parsed(R"({"v":1,"type":"phone_media","call":"42","state":"connected"})"))
                  .connected);
  EXPECT_EQ(
      std::get<PhoneHangUpMessage>(parsed(R"({"v":1,"type":"phone_hang_up","call":"7"})")).call,
      "7");
  EXPECT_TRUE(
      std::get<PhoneHoldMessage>(parsed(R"({"v":1,"type":"phone_hold","call":"7","on":true})")).on);

  EXPECT_NE(refused(R"({"v":1,"type":"phone_answer","call":"42"})").message.find("'sdp'"),
            std::string::npos);
  EXPECT_NE(refused(R"({"v":1,"type":"phone_answer","call":"42","sdp":"hello"})")
                .message.find("audio stream"),
            std::string::npos);
  const std::string huge(kMaxSdpBytes + 1, 'a');
  EXPECT_NE(
      refused(R"({"v":1,"type":"phone_offer","call":"42","sdp":"v=0\r\nm=audio )" + huge + "\"}")
          .message.find("longer than"),
      std::string::npos);
  EXPECT_NE(refused(R"({"v":1,"type":"phone_media","call":"42","state":"maybe"})")
                .message.find("'state'"),
            std::string::npos);
  EXPECT_NE(refused(R"({"v":1,"type":"phone_hold","call":"42"})").message.find("'on'"),
            std::string::npos);
  EXPECT_NE(refused(R"({"v":1,"type":"phone_hang_up"})").message.find("'call'"), std::string::npos);
}

TEST(AgentProtocol, WelcomeSaysWhetherThePageIsThePhone) {
  EXPECT_NE(encode_welcome("a01", "sales", {}, {}, 0, true).find("\"phone\":\"webrtc\""),
            std::string::npos);
  EXPECT_NE(encode_welcome("a01", "sales").find("\"phone\":\"sip\""), std::string::npos);
  const std::string offer = encode_phone_sdp("phone_offer", "42", "v=0\r\n");
  EXPECT_NE(offer.find("\"type\":\"phone_offer\""), std::string::npos) << offer;
  EXPECT_NE(offer.find("\"sdp\":\"v=0\\r\\n\""), std::string::npos) << offer;
}

TEST(AgentProtocol, TheOfferNamesTheCustomersClocksForTheCallbackPicker) {
  CallOffer offer;
  offer.call = "1";
  offer.time_zones = {"America/New_York", "America/Chicago"};
  const auto v = boost::json::parse(encode_call_offered(offer));
  const auto& zones = v.at("customer").at("time_zones").as_array();
  ASSERT_EQ(zones.size(), 2u);
  EXPECT_EQ(zones[0].as_string(), "America/New_York");
}
