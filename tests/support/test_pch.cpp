// The target that owns the tests' precompiled header (support/test_pch.hpp).
