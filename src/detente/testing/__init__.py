"""Generators used only by tests, evals, benchmarks and training, never by a user's run: hostile inputs
(`hostile`), derived copies of articles as aggregators and content farms make them (`copies`), the WordNet
synonym spinner (`spinner`) and the spin training corpus (`spincorpus`)."""
