#pragma once
// The pieces of blendd.yaml that tests and fuzz harnesses build their small configurations
// from: a loopback SIP section and a one-product, one-question catalogue.
#include <string>

namespace blendd::test {

inline const std::string kSipSection = R"(sip:
  listen: [sip:127.0.0.1:5070]
  trunk: { uri: sip:127.0.0.1:5080 }
  caller_id: sip:+4930555000@127.0.0.1
)";

inline const std::string kSurveyCatalogue = R"(catalogue:
  products:
    - { id: fibre, name: Fibre 500, points: 3 }
  questionnaires:
    - id: survey
      questions:
        - { id: interested, text: 'Interested?', type: yes_no, required: true }
)";

}  // namespace blendd::test
