"""Trained weights of the candidate model (``assistant.read.extract.FEATURES`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

CANDIDATE = (
    -6.2117,  # bias
    -0.4334,  # evidence_own
    1.2021,  # evidence_window
    1.0626,  # similarity
    1.5971,  # evidence_rank
    0.4453,  # in_evidence
    0.7936,  # candidate_own
    1.5917,  # proximity
    1.5838,  # near_head
    0.5468,  # primary
    0.5601,  # predicate_found
    -0.4893,  # predicate_missing
    1.5918,  # names_found
    -0.7350,  # names_near
    -0.2125,  # rarest_missing
    -0.9547,  # lower_case
    0.2166,  # has_digit
    -0.4779,  # support
)
