#pragma once
// What /proc says about a process: resident memory, CPU time, open descriptors. For benchmarks
// and soak runs that print figures, and tests that check memory stays flat.
#include <sys/types.h>

namespace blendd::test {

long rss_kib(pid_t pid);          // VmRSS; -1 if unknown
double cpu_seconds(pid_t pid);    // user + system
int open_descriptors(pid_t pid);  // entries of /proc/PID/fd; -1 if unknown

}  // namespace blendd::test
