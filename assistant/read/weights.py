"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    0.0000,  # bias
    -0.3205,  # evidence_own
    2.8284,  # evidence_window
    4.1046,  # similarity
    -0.3978,  # evidence_rank
    0.2263,  # in_evidence
    0.8301,  # candidate_own
    3.3694,  # proximity
    1.4844,  # near_head
    1.8035,  # role_near
    -0.2626,  # role_missing
    0.7493,  # label_fit
    0.3198,  # governed
    1.2539,  # primary
    0.5189,  # predicate_found
    1.1721,  # predicate_near
    -0.5189,  # predicate_missing
    4.0779,  # names_found
    -1.3172,  # names_near
    -0.0214,  # rarest_missing
    1.4638,  # echo
    -0.1937,  # lower_case
    2.1466,  # has_digit
    0.9537,  # calendar
    -0.4292,  # support
)

ACCEPT = (
    -4.5512,  # bias
    -0.4522,  # share
    0.7604,  # lead
    -1.3160,  # evidence_own
    -0.1108,  # evidence_window
    0.6658,  # similarity
    2.7032,  # evidence_rank
    -0.3508,  # in_evidence
    0.4714,  # candidate_own
    1.6181,  # proximity
    0.1666,  # near_head
    1.0493,  # role_near
    -0.9710,  # role_missing
    -0.2631,  # label_fit
    0.3069,  # governed
    -0.6720,  # primary
    0.2132,  # predicate_found
    0.5614,  # predicate_near
    -0.6365,  # predicate_missing
    3.0502,  # names_found
    -0.2980,  # names_near
    0.1085,  # rarest_missing
    0.0420,  # echo
    -0.1514,  # lower_case
    0.4041,  # has_digit
    0.0566,  # calendar
    0.0198,  # support
)
