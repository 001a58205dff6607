"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    0.0000,  # bias
    -0.4828,  # evidence_own
    2.6324,  # evidence_window
    4.1397,  # similarity
    0.1658,  # evidence_rank
    0.2454,  # in_evidence
    0.7076,  # candidate_own
    3.5894,  # proximity
    1.3902,  # near_head
    1.7300,  # role_near
    -0.2517,  # role_missing
    0.7480,  # label_fit
    0.2899,  # governed
    1.3652,  # primary
    0.4934,  # predicate_found
    1.2120,  # predicate_near
    -0.4934,  # predicate_missing
    3.1006,  # names_found
    -1.3269,  # names_near
    -0.4589,  # rarest_missing
    1.2274,  # echo
    -0.2337,  # lower_case
    2.1826,  # has_digit
    1.2773,  # calendar
    -0.4557,  # support
)

ACCEPT = (
    -4.2679,  # bias
    -0.1680,  # share
    0.6063,  # lead
    -1.0902,  # evidence_own
    -0.4593,  # evidence_window
    0.6466,  # similarity
    1.4782,  # evidence_rank
    -0.3013,  # in_evidence
    0.4410,  # candidate_own
    2.1620,  # proximity
    -0.1330,  # near_head
    1.2498,  # role_near
    -0.8101,  # role_missing
    -0.4254,  # label_fit
    0.5839,  # governed
    -0.1810,  # primary
    0.3348,  # predicate_found
    0.1959,  # predicate_near
    -0.4679,  # predicate_missing
    3.2278,  # names_found
    -0.7703,  # names_near
    -0.1540,  # rarest_missing
    0.0908,  # echo
    -0.5051,  # lower_case
    0.4182,  # has_digit
    0.2202,  # calendar
    -0.0638,  # support
)
