// Compiled once per group of test suites that link the same library, so that the group can share one precompiled
// header (neuroai_add_qt_test in cmake/NeuroAI.cmake). It defines nothing.
