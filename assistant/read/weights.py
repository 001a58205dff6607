"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    -0.0000,  # bias
    -0.6662,  # evidence_own
    2.8533,  # evidence_window
    3.8237,  # similarity
    0.4402,  # evidence_rank
    0.4561,  # in_evidence
    0.8027,  # candidate_own
    3.2685,  # proximity
    1.4773,  # near_head
    1.7616,  # role_near
    -0.1556,  # role_missing
    0.6758,  # label_fit
    0.4100,  # governed
    1.4517,  # primary
    0.7976,  # predicate_found
    -0.7976,  # predicate_missing
    3.1448,  # names_found
    -1.4649,  # names_near
    0.9639,  # rarest_missing
    -0.0815,  # lower_case
    2.4526,  # has_digit
    1.3009,  # calendar
    -0.4297,  # support
)

ACCEPT = (
    -5.0624,  # bias
    0.7214,  # share
    0.4417,  # lead
    -0.4650,  # evidence_own
    -0.5121,  # evidence_window
    1.1184,  # similarity
    0.9717,  # evidence_rank
    -0.2950,  # in_evidence
    0.5182,  # candidate_own
    1.6506,  # proximity
    -0.1854,  # near_head
    1.3261,  # role_near
    -0.8555,  # role_missing
    -0.7859,  # label_fit
    0.3954,  # governed
    -0.2347,  # primary
    0.6050,  # predicate_found
    -0.2130,  # predicate_missing
    3.6045,  # names_found
    -0.6437,  # names_near
    0.4727,  # rarest_missing
    -0.9253,  # lower_case
    -0.1705,  # has_digit
    0.5567,  # calendar
    -0.2020,  # support
)
