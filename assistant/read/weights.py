"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    -0.0000,  # bias
    -0.5110,  # evidence_own
    2.4443,  # evidence_window
    3.8972,  # similarity
    0.2452,  # evidence_rank
    0.3132,  # in_evidence
    0.7807,  # candidate_own
    3.4237,  # proximity
    1.4538,  # near_head
    1.8486,  # role_near
    -0.2163,  # role_missing
    0.7429,  # label_fit
    0.3220,  # governed
    1.3208,  # primary
    0.5252,  # predicate_found
    1.1771,  # predicate_near
    -0.5252,  # predicate_missing
    4.0528,  # names_found
    -1.2359,  # names_near
    -0.4283,  # rarest_missing
    1.3748,  # echo
    -0.2401,  # lower_case
    2.1965,  # has_digit
    1.2536,  # calendar
    -0.4743,  # support
)

ACCEPT = (
    -4.1061,  # bias
    -0.2190,  # share
    0.6436,  # lead
    -1.1646,  # evidence_own
    -0.5004,  # evidence_window
    0.6191,  # similarity
    1.0206,  # evidence_rank
    -0.1833,  # in_evidence
    0.8849,  # candidate_own
    2.0249,  # proximity
    -0.2139,  # near_head
    1.2434,  # role_near
    -0.9360,  # role_missing
    -0.4180,  # label_fit
    0.5776,  # governed
    -0.1808,  # primary
    0.3415,  # predicate_found
    0.2829,  # predicate_near
    -0.4075,  # predicate_missing
    3.1052,  # names_found
    -0.5785,  # names_near
    -0.0718,  # rarest_missing
    0.2142,  # echo
    -0.5057,  # lower_case
    0.2195,  # has_digit
    0.2648,  # calendar
    -0.2078,  # support
)
