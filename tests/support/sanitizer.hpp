#pragma once
// Whether this build runs under AddressSanitizer (the CI's second stage): a test whose point is
// volume or timing does a smaller run there, or leaves the comparison to the release build.
namespace blendd::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderSanitizer = true;
#else
inline constexpr bool kUnderSanitizer = false;
#endif
#else
inline constexpr bool kUnderSanitizer = false;
#endif

}  // namespace blendd::test
