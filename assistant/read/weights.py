"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    0.0000,  # bias
    -0.9407,  # evidence_own
    2.9994,  # evidence_window
    4.1725,  # similarity
    0.1030,  # evidence_rank
    0.3588,  # in_evidence
    1.1757,  # candidate_own
    3.2324,  # proximity
    1.0622,  # near_head
    1.4552,  # role_near
    -0.3286,  # role_missing
    1.3780,  # label_fit
    0.4890,  # governed
    1.4918,  # primary
    0.6146,  # predicate_found
    0.9485,  # predicate_near
    -0.6146,  # predicate_missing
    3.8888,  # names_found
    -1.8255,  # names_near
    -0.3686,  # rarest_missing
    1.7466,  # echo
    -0.3018,  # lower_case
    2.2241,  # has_digit
    0.6319,  # calendar
    -0.4159,  # support
)

ACCEPT = (
    -3.7052,  # bias
    0.0238,  # share
    0.4414,  # lead
    -1.7567,  # evidence_own
    0.5458,  # evidence_window
    1.2521,  # similarity
    1.4805,  # evidence_rank
    -0.0210,  # in_evidence
    0.7352,  # candidate_own
    1.4758,  # proximity
    0.0270,  # near_head
    1.8763,  # role_near
    -0.8467,  # role_missing
    -0.6660,  # label_fit
    0.2764,  # governed
    -0.3986,  # primary
    0.5064,  # predicate_found
    0.0214,  # predicate_near
    -0.5531,  # predicate_missing
    2.3877,  # names_found
    -1.0734,  # names_near
    -0.5322,  # rarest_missing
    -0.3871,  # echo
    -0.7091,  # lower_case
    0.5353,  # has_digit
    -0.2081,  # calendar
    -0.2249,  # support
)
