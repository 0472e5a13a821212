// Asio's TLS code, compiled once (see boost_net.cpp); a separate object so a program without TLS
// does not pull it in.
#include <boost/asio/ssl/impl/src.hpp>
