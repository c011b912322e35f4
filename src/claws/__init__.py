"""Reproducible social-network analysis of Moltbook, the social network of AI agents

Modules:

- `claws.pipeline`: Runs the paper: every `nbs/paper/` notebook in order under papermill, with one set of parameters, skipping notebooks whose inputs are unchanged, and writes a manifest that ties every output to its notebook, parameters, data fingerprint and package versions. Also compares an output folder with a reference one (the figure-reproduction check).
- `claws.topics`: Embedding topics (KMeans or HDBSCAN on reduced sentence embeddings, c-TF-IDF keywords, representative posts, labels), topic shares by day and submolt, formulaic content (MinHash near-duplicate template groups, token-minting payloads), and topic quality (NPMI coherence, diversity, word-intrusion tasks) against LDA and NMF baselines."""

__version__ = "0.1.0"
