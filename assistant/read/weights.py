"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    -0.0000,  # bias
    -0.8733,  # evidence_own
    2.9443,  # evidence_window
    3.7483,  # similarity
    0.3897,  # evidence_rank
    0.3764,  # in_evidence
    0.9654,  # candidate_own
    3.3578,  # proximity
    1.4703,  # near_head
    1.7358,  # role_near
    -0.1602,  # role_missing
    0.6852,  # label_fit
    0.4082,  # governed
    1.4517,  # primary
    0.8033,  # predicate_found
    -0.8033,  # predicate_missing
    3.1628,  # names_found
    -1.4550,  # names_near
    0.5001,  # rarest_missing
    -0.0833,  # lower_case
    2.4193,  # has_digit
    1.3675,  # calendar
    -0.4349,  # support
)

ACCEPT = (
    -4.1500,  # bias
    0.4071,  # share
    0.4563,  # lead
    -0.8833,  # evidence_own
    0.0056,  # evidence_window
    0.7175,  # similarity
    1.4257,  # evidence_rank
    -0.4598,  # in_evidence
    0.3197,  # candidate_own
    1.7321,  # proximity
    -0.0966,  # near_head
    1.2821,  # role_near
    -1.0221,  # role_missing
    -0.7290,  # label_fit
    0.4320,  # governed
    -0.5333,  # primary
    0.4473,  # predicate_found
    -0.4017,  # predicate_missing
    3.2549,  # names_found
    -1.0270,  # names_near
    0.1599,  # rarest_missing
    -1.1258,  # lower_case
    0.2152,  # has_digit
    -0.1058,  # calendar
    -0.1544,  # support
)
