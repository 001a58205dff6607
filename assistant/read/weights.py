"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    -0.0000,  # bias
    -0.5971,  # evidence_own
    2.9502,  # evidence_window
    3.7467,  # similarity
    0.1050,  # evidence_rank
    0.3560,  # in_evidence
    0.7864,  # candidate_own
    3.7385,  # proximity
    1.4478,  # near_head
    1.8124,  # role_near
    -0.1365,  # role_missing
    0.7426,  # label_fit
    0.2187,  # governed
    1.3727,  # primary
    0.5929,  # predicate_found
    1.2656,  # predicate_near
    -0.5929,  # predicate_missing
    3.0894,  # names_found
    -1.4119,  # names_near
    0.0487,  # rarest_missing
    1.0843,  # echo
    -0.1081,  # lower_case
    2.2508,  # has_digit
    1.3799,  # calendar
    -0.4094,  # support
)

ACCEPT = (
    -4.1175,  # bias
    0.1582,  # share
    0.5151,  # lead
    -0.7547,  # evidence_own
    -0.0407,  # evidence_window
    0.5320,  # similarity
    1.0509,  # evidence_rank
    -0.2189,  # in_evidence
    0.3256,  # candidate_own
    2.0358,  # proximity
    -0.3928,  # near_head
    1.2676,  # role_near
    -0.8284,  # role_missing
    -0.5308,  # label_fit
    0.3174,  # governed
    -0.4923,  # primary
    0.3431,  # predicate_found
    0.0370,  # predicate_near
    -0.1262,  # predicate_missing
    3.2354,  # names_found
    -0.8418,  # names_near
    0.0697,  # rarest_missing
    -0.1710,  # echo
    -0.9518,  # lower_case
    0.2220,  # has_digit
    0.0810,  # calendar
    -0.0869,  # support
)
