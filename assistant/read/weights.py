"""Trained weights of the reader's two models: RANK orders the candidates of a question
(``assistant.read.extract.FEATURES`` order); ACCEPT gives the probability that the best one
is right (``ACCEPTANCE`` order).

Written by ``benchmarks/train_reader.py`` from the news dev set; do not edit by hand.
"""

RANK = (
    -0.0000,  # bias
    -0.9142,  # evidence_own
    2.7974,  # evidence_window
    4.8957,  # similarity
    -0.0680,  # evidence_rank
    0.1764,  # in_evidence
    1.0175,  # candidate_own
    2.4800,  # proximity
    1.1041,  # near_head
    1.4453,  # role_near
    -0.1163,  # role_missing
    0.9465,  # label_fit
    0.3567,  # governed
    0.7960,  # primary
    0.6055,  # predicate_found
    1.2258,  # predicate_near
    -0.6055,  # predicate_missing
    2.9840,  # names_found
    -1.3574,  # names_near
    0.5441,  # rarest_missing
    0.8572,  # echo
    -0.2914,  # lower_case
    1.9599,  # has_digit
    0.4455,  # calendar
    2.3112,  # role_prior
    -0.2860,  # support
)

ACCEPT = (
    -4.3479,  # bias
    1.2670,  # share
    0.1662,  # lead
    -1.3171,  # evidence_own
    0.5672,  # evidence_window
    0.9169,  # similarity
    0.9519,  # evidence_rank
    0.2253,  # in_evidence
    0.0715,  # candidate_own
    2.3978,  # proximity
    0.3954,  # near_head
    0.9383,  # role_near
    -0.2759,  # role_missing
    0.4974,  # label_fit
    0.0714,  # governed
    -0.3304,  # primary
    0.6471,  # predicate_found
    0.6409,  # predicate_near
    0.1247,  # predicate_missing
    2.0351,  # names_found
    -0.5067,  # names_near
    -0.7138,  # rarest_missing
    -0.2386,  # echo
    -0.5614,  # lower_case
    0.5603,  # has_digit
    0.4263,  # calendar
    0.9146,  # role_prior
    -0.0984,  # support
)
