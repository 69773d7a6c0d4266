// SeededRandom is part of Selection's API (seeds of every strategy); it lives in NumericSupport so that the
// other numeric libraries share one generator.
@_exported import NumericSupport
