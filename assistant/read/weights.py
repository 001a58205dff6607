"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    0.0000,  # bias
    -0.5104,  # evidence_own
    2.6644,  # evidence_window
    4.1105,  # similarity
    0.0313,  # evidence_rank
    0.2607,  # in_evidence
    0.7757,  # candidate_own
    3.5118,  # proximity
    1.3756,  # near_head
    1.7474,  # role_near
    -0.2657,  # role_missing
    0.7663,  # label_fit
    0.2866,  # governed
    1.3151,  # primary
    0.5110,  # predicate_found
    1.2040,  # predicate_near
    -0.5110,  # predicate_missing
    3.4732,  # names_found
    -1.2601,  # names_near
    -0.2532,  # rarest_missing
    1.4210,  # echo
    -0.2454,  # lower_case
    2.1604,  # has_digit
    1.2615,  # calendar
    -0.4378,  # support
)

ACCEPT = (
    -4.3788,  # bias
    -0.2991,  # share
    0.5961,  # lead
    -1.1270,  # evidence_own
    -0.3671,  # evidence_window
    0.6779,  # similarity
    2.0861,  # evidence_rank
    -0.2597,  # in_evidence
    0.2935,  # candidate_own
    2.2284,  # proximity
    -0.0795,  # near_head
    1.2765,  # role_near
    -0.7936,  # role_missing
    -0.2499,  # label_fit
    0.4891,  # governed
    -0.3116,  # primary
    0.2113,  # predicate_found
    0.4832,  # predicate_near
    -0.4387,  # predicate_missing
    3.1197,  # names_found
    -0.6928,  # names_near
    0.0160,  # rarest_missing
    0.0600,  # echo
    -0.5240,  # lower_case
    0.4440,  # has_digit
    0.2418,  # calendar
    -0.0197,  # support
)
