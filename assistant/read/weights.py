"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    0.0000,  # bias
    -0.9613,  # evidence_own
    2.7062,  # evidence_window
    4.9449,  # similarity
    0.1287,  # evidence_rank
    0.1893,  # in_evidence
    1.1689,  # candidate_own
    2.4938,  # proximity
    1.2369,  # near_head
    1.3057,  # role_near
    -0.1880,  # role_missing
    1.0929,  # label_fit
    0.2732,  # governed
    0.9063,  # primary
    0.5654,  # predicate_found
    1.1239,  # predicate_near
    -0.5654,  # predicate_missing
    2.8811,  # names_found
    -1.3383,  # names_near
    0.1047,  # rarest_missing
    1.1658,  # echo
    -0.3606,  # lower_case
    1.9150,  # has_digit
    -0.4932,  # calendar
    2.4464,  # role_prior
    -0.2893,  # support
)

ACCEPT = (
    -4.3510,  # bias
    1.1182,  # share
    0.2060,  # lead
    -1.4048,  # evidence_own
    0.3692,  # evidence_window
    1.0457,  # similarity
    1.0481,  # evidence_rank
    0.3210,  # in_evidence
    0.2820,  # candidate_own
    2.2758,  # proximity
    0.6925,  # near_head
    1.2364,  # role_near
    -0.5767,  # role_missing
    -0.1251,  # label_fit
    -0.1239,  # governed
    -0.3875,  # primary
    0.7653,  # predicate_found
    0.3241,  # predicate_near
    -0.0839,  # predicate_missing
    2.1971,  # names_found
    -0.5049,  # names_near
    -0.8603,  # rarest_missing
    -0.1526,  # echo
    -0.8327,  # lower_case
    0.8153,  # has_digit
    0.0460,  # calendar
    1.3063,  # role_prior
    -0.4182,  # support
)
