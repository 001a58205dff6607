"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    0.0000,  # bias
    -0.2640,  # evidence_own
    2.7685,  # evidence_window
    3.9745,  # similarity
    0.2176,  # evidence_rank
    0.6168,  # in_evidence
    0.6941,  # candidate_own
    3.2592,  # proximity
    1.4960,  # near_head
    1.7935,  # role_near
    -0.1401,  # role_missing
    0.6677,  # label_fit
    0.3733,  # governed
    1.4389,  # primary
    0.8029,  # predicate_found
    -0.8029,  # predicate_missing
    3.1859,  # names_found
    -1.4646,  # names_near
    0.8046,  # rarest_missing
    -0.0780,  # lower_case
    2.4832,  # has_digit
    1.3348,  # calendar
    -0.4259,  # support
)

ACCEPT = (
    -5.0161,  # bias
    0.5547,  # share
    0.4289,  # lead
    -0.5029,  # evidence_own
    -0.5190,  # evidence_window
    1.0978,  # similarity
    0.9914,  # evidence_rank
    -0.2773,  # in_evidence
    0.6327,  # candidate_own
    1.6145,  # proximity
    -0.1443,  # near_head
    1.2190,  # role_near
    -0.9751,  # role_missing
    -0.9219,  # label_fit
    0.4598,  # governed
    -0.3181,  # primary
    0.5196,  # predicate_found
    -0.3843,  # predicate_missing
    3.5856,  # names_found
    -0.3712,  # names_near
    0.5627,  # rarest_missing
    -0.9548,  # lower_case
    0.0068,  # has_digit
    -0.0282,  # calendar
    -0.1307,  # support
)
