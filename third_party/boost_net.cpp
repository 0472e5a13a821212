// The compiled half of Boost.Asio and Boost.Beast. With BOOST_ASIO_SEPARATE_COMPILATION and
// BOOST_BEAST_SEPARATE_COMPILATION (set for every target in the top-level CMakeLists.txt) their
// non-template code is built here once instead of in each of the ~25 files that use them
// (docs/decisions.md, 121).
#include <boost/asio/impl/src.hpp>
#include <boost/beast/src.hpp>
