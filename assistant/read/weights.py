"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    0.0000,  # bias
    -0.6293,  # evidence_own
    2.4611,  # evidence_window
    4.0952,  # similarity
    0.1454,  # evidence_rank
    0.1641,  # in_evidence
    0.7417,  # candidate_own
    3.4120,  # proximity
    1.4061,  # near_head
    1.8559,  # role_near
    -0.2432,  # role_missing
    0.7430,  # label_fit
    0.3395,  # governed
    1.2499,  # primary
    0.5059,  # predicate_found
    1.2218,  # predicate_near
    -0.5059,  # predicate_missing
    4.0394,  # names_found
    -1.2678,  # names_near
    -0.5055,  # rarest_missing
    1.4333,  # echo
    -0.2270,  # lower_case
    2.1378,  # has_digit
    1.2549,  # calendar
    -0.4456,  # support
)

ACCEPT = (
    -4.2292,  # bias
    -0.4749,  # share
    0.6345,  # lead
    -1.7601,  # evidence_own
    -0.3486,  # evidence_window
    0.5578,  # similarity
    1.9545,  # evidence_rank
    0.0780,  # in_evidence
    0.6118,  # candidate_own
    1.9659,  # proximity
    -0.2012,  # near_head
    1.3134,  # role_near
    -0.8160,  # role_missing
    -0.2003,  # label_fit
    0.5272,  # governed
    -0.4269,  # primary
    0.4455,  # predicate_found
    0.3548,  # predicate_near
    -0.4175,  # predicate_missing
    3.0411,  # names_found
    -0.5600,  # names_near
    -0.1549,  # rarest_missing
    0.0389,  # echo
    -0.3877,  # lower_case
    0.4373,  # has_digit
    0.1834,  # calendar
    -0.1705,  # support
)
