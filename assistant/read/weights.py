"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    -0.0000,  # bias
    -0.6946,  # evidence_own
    3.7590,  # evidence_window
    3.4756,  # similarity
    1.0307,  # evidence_rank
    0.0622,  # in_evidence
    0.6054,  # candidate_own
    3.7224,  # proximity
    2.4107,  # near_head
    0.7521,  # governed
    1.3026,  # primary
    0.6404,  # predicate_found
    -0.6404,  # predicate_missing
    2.9078,  # names_found
    -2.5867,  # names_near
    0.3946,  # rarest_missing
    -0.8681,  # lower_case
    2.2539,  # has_digit
    -1.0452,  # support
)

ACCEPT = (
    -3.9824,  # bias
    1.6401,  # share
    0.2613,  # lead
    -0.6081,  # evidence_own
    1.4105,  # evidence_window
    0.5822,  # similarity
    0.3649,  # evidence_rank
    0.6185,  # in_evidence
    1.3811,  # candidate_own
    0.4247,  # proximity
    1.2308,  # near_head
    0.6836,  # governed
    0.0485,  # primary
    0.1008,  # predicate_found
    -0.7920,  # predicate_missing
    1.0766,  # names_found
    -1.0319,  # names_near
    0.4686,  # rarest_missing
    -1.2795,  # lower_case
    -0.0482,  # has_digit
    -0.3780,  # support
)
