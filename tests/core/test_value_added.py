"""Value-added fit: a case worked by hand, the bad cases, and lme4 on generated data."""

from __future__ import annotations

import math
import shutil
import subprocess
from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest

from eduplan.core import value_added
from eduplan.core.value_added import ABOVE, BELOW, BOUNDARY_MESSAGE, InsufficientData, fit_value_added

# --- The hand-worked case --------------------------------------------------------------------------
# Three schools, three students each, priors 40/50/60 in every school (so the prior is balanced across
# schools and REML splits into a within-school part and a part for the school means).
#
#   school  scores      mean ȳ_j   deviations d = y − ȳ_j   Σ (x − 50)·d
#   A       51 61 68    60         −9   1   8               90 + 80  = 170
#   B       44 53 65    54         −10 −1  11               100 + 110 = 210
#   C       61 72 83    72         −11  0  11               110 + 110 = 220
#
# Slope: Σxd / Σx² = 600 / (3 · 200) = 1.  Residuals d − 1·(x − 50): A (1, 1, −2), B (0, −1, 1),
# C (−1, 0, 1); their sum of squares is 6 + 2 + 2 = 10 on N − G − 1 = 9 − 3 − 1 = 5 degrees of
# freedom, so σ̂² = 2.  School means 60, 54, 72 around 62: Σ(ȳ_j − 62)² / (G − 1) = 168 / 2 = 84
# estimates σ²/n + τ², so τ̂² = 84 − 2/3 = 250/3.  Intercept: 62 − 1 · 50 = 12.
# Shrinkage λ = τ² / (τ² + σ²/n) = (250/3) / 84 = 250/252;  û = λ · (−2, −8, 10).
# Conditional SD = √(τ²σ² / (σ² + nτ²)) = √((500/3) / 252).
HAND = pd.DataFrame(
    {
        "school_code": ["A"] * 3 + ["B"] * 3 + ["C"] * 3,
        "prior": [40.0, 50.0, 60.0] * 3,
        "score": [51.0, 61.0, 68.0, 44.0, 53.0, 65.0, 61.0, 72.0, 83.0],
    }
)
LAMBDA = 250 / 252
SD = math.sqrt((500 / 3) / 252)


def test_hand_case_gives_the_worked_estimates() -> None:
    fit = fit_value_added(ibis.memtable(HAND))
    assert fit.coefficients["(Intercept)"] == pytest.approx(12.0, rel=1e-9)
    assert fit.coefficients["prior"] == pytest.approx(1.0, rel=1e-9)
    assert fit.sigma2 == pytest.approx(2.0, rel=1e-9)
    assert fit.tau2 == pytest.approx(250 / 3, rel=1e-9)
    assert [s.school_code for s in fit.schools] == ["A", "B", "C"]
    assert [s.effect for s in fit.schools] == pytest.approx([-2 * LAMBDA, -8 * LAMBDA, 10 * LAMBDA], rel=1e-9)
    assert [s.sd for s in fit.schools] == pytest.approx([SD] * 3, rel=1e-9)
    assert [s.shrinkage for s in fit.schools] == pytest.approx([LAMBDA] * 3, rel=1e-9)
    assert [s.residual_mean for s in fit.schools] == pytest.approx([-2.0, -8.0, 10.0], rel=1e-9)


def test_the_centring_constants_do_not_change_the_fit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Centre on the first student only (prior 40, score 51, far from the means 50 and 62): same estimates.
    monkeypatch.setattr(value_added, "CENTRE_SAMPLE", 1)
    fit = fit_value_added(ibis.memtable(HAND))
    assert fit.coefficients["(Intercept)"] == pytest.approx(12.0, rel=1e-9)
    assert fit.tau2 == pytest.approx(250 / 3, rel=1e-9)
    assert [s.effect for s in fit.schools] == pytest.approx([-2 * LAMBDA, -8 * LAMBDA, 10 * LAMBDA], rel=1e-9)


def test_hand_case_reml_criterion() -> None:
    # −2ℓ_R = (N − p)(1 + log(2π·RSS/(N − p))) + Σ log(1 + nρ) + log|A|, with N − p = 7, RSS = 7σ̂² = 14,
    # ρ = τ²/σ² = 125/3 (1 + 3ρ = 126) and, for priors centred within each school, A = diag(9/126, 600).
    expected = 7 * (1 + math.log(2 * math.pi * 2)) + 3 * math.log(126) + math.log(9 / 126 * 600)
    assert fit_value_added(ibis.memtable(HAND)).reml_criterion == pytest.approx(expected, rel=1e-12)


def test_hand_case_flags_and_intervals() -> None:
    a, b, c = fit_value_added(ibis.memtable(HAND)).schools
    # A: −1.984 ± 1.96 · 0.8133 = [−3.578, −0.390], entirely below zero.
    assert a.lower == pytest.approx(-2 * LAMBDA - 1.959963984540054 * SD, rel=1e-9)
    assert a.upper == pytest.approx(-2 * LAMBDA + 1.959963984540054 * SD, rel=1e-9)
    assert (a.flag, b.flag, c.flag) == (BELOW, BELOW, ABOVE)


def test_students_without_a_prior_are_counted_not_fitted() -> None:
    extra = pd.DataFrame(
        {"school_code": ["A", "D", "D"], "prior": [np.nan, np.nan, np.nan], "score": [90.0, 70.0, 71.0]}
    )
    no_score = pd.DataFrame({"school_code": ["B"], "prior": [50.0], "score": [np.nan]})
    fit = fit_value_added(ibis.memtable(pd.concat([HAND, extra, no_score], ignore_index=True)))
    assert fit.tau2 == pytest.approx(250 / 3, rel=1e-9)  # unchanged: those rows are not in the fit
    assert (fit.students, fit.students_without_prior, fit.students_without_score) == (9, 3, 1)
    assert [(s.school_code, s.students, s.students_without_prior) for s in fit.schools] == [
        ("A", 3, 1),
        ("B", 3, 0),
        ("C", 3, 0),
    ]
    assert fit.unestimated_schools == ("D",)
    assert "3 名学生缺少前测成绩，未纳入模型" in fit.warnings
    assert "1 所学校没有具有前测成绩的学生，未估计增值" in fit.warnings


def test_equal_school_means_are_a_boundary_fit_with_no_school_effects() -> None:
    # Same within-school residuals as the hand case, every school mean 60: the school means vary less than
    # σ²/n, so τ̂² = 0.  Then the model is ordinary least squares: RSS = 10, σ̂² = 10 / (9 − 2).
    flat = HAND.assign(score=HAND["score"] - HAND["school_code"].map({"A": 0.0, "B": -6.0, "C": 12.0}))
    fit = fit_value_added(ibis.memtable(flat))
    assert fit.boundary is True
    assert fit.tau2 == 0.0
    assert fit.sigma2 == pytest.approx(10 / 7, rel=1e-9)
    assert [s.effect for s in fit.schools] == [0.0, 0.0, 0.0]
    assert BOUNDARY_MESSAGE in fit.warnings


def test_two_schools_are_too_few_to_estimate_between_school_variance() -> None:
    with pytest.raises(InsufficientData) as caught:
        fit_value_added(ibis.memtable(HAND[HAND["school_code"] != "C"]))
    assert str(caught.value) == "只有 2 所学校有可用成绩，至少需要 3 所学校才能估计学校间方差 τ²"


def test_no_student_with_a_prior_is_an_error() -> None:
    with pytest.raises(InsufficientData) as caught:
        fit_value_added(ibis.memtable(HAND.assign(prior=np.nan)))
    assert str(caught.value) == "没有同时具有本次成绩和前测成绩的学生，无法计算增值"


def test_the_same_prior_for_everyone_is_degenerate() -> None:
    with pytest.raises(InsufficientData) as caught:
        fit_value_added(ibis.memtable(HAND.assign(prior=50.0)))
    assert str(caught.value) == "数据退化，无法估计：前测成绩没有变化，或本次成绩完全由前测成绩决定"


def test_as_dict_is_the_json_shape() -> None:
    d = fit_value_added(ibis.memtable(HAND)).as_dict()
    assert list(d) == [
        "response",
        "predictors",
        "coefficients",
        "standard_errors",
        "sigma2",
        "tau2",
        "reml_criterion",
        "students",
        "students_without_prior",
        "students_without_score",
        "boundary",
        "unestimated_schools",
        "warnings",
        "schools",
    ]
    assert d["schools"][2]["flag"] == "above"
    assert d["schools"][2]["flag_label"] == "显著高于平均"
    assert d["warnings"] == ["仅 3 所学校，学校间方差 τ² 的估计很不精确"]


# --- Against lme4 -----------------------------------------------------------------------------------

LME4_SCRIPT = """
suppressMessages(library(lme4))
d <- read.csv("va.csv", colClasses = c(school_code = "character"))
m <- lmer(score ~ prior + female + (1 | school_code), data = d, REML = TRUE)
vc <- as.data.frame(VarCorr(m))
se <- sqrt(diag(as.matrix(vcov(m))))
write.csv(data.frame(name = c(names(fixef(m)), paste0("se:", names(se)), "tau2", "sigma2", "REMLcrit"),
                     value = c(fixef(m), se, vc$vcov, REMLcrit(m))),
          "fixed.csv", row.names = FALSE)
re <- ranef(m, condVar = TRUE)$school_code
write.csv(data.frame(school_code = rownames(re), effect = re[, 1], sd = sqrt(attr(re, "postVar")[1, 1, ])),
          "schools.csv", row.names = FALSE)
"""


def generated_scores(seed: int = 20240901, schools: int = 120) -> pd.DataFrame:
    """Scale scores around 500 (so centring matters), unequal school sizes 4–150, one binary covariate."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(4, 151, schools)
    n = int(sizes.sum())
    school = np.repeat([f"44180200{j:02d}" for j in range(schools)], sizes)
    prior = rng.normal(500, 50, n)
    female = rng.integers(0, 2, n).astype(float)
    score = 80 + 0.85 * prior + 6 * female + np.repeat(rng.normal(0, 9, schools), sizes) + rng.normal(0, 30, n)
    return pd.DataFrame({"school_code": school, "prior": prior.round(1), "female": female, "score": score.round(1)})


def run_lme4(data: pd.DataFrame, workdir: Path) -> tuple[dict[str, float], pd.DataFrame]:
    rscript = shutil.which("Rscript")
    assert rscript, "Rscript not found: install r-base-core and r-cran-lme4 from Debian (make test does this)"
    data.to_csv(workdir / "va.csv", index=False)
    done = subprocess.run([rscript, "-e", LME4_SCRIPT], cwd=workdir, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"lme4 failed: {done.stderr}"
    fixed = pd.read_csv(workdir / "fixed.csv")
    schools = pd.read_csv(workdir / "schools.csv", dtype={"school_code": str})
    return dict(zip(fixed["name"], fixed["value"], strict=True)), schools


def assert_matches_lme4(fit_dict: dict[str, object], reference: dict[str, float], schools: pd.DataFrame) -> None:
    """Fixed effects, their SEs, variance components, REMLcrit and every conditional mode within 1e-6 relative.

    A school effect near zero has no meaningful relative error, so effects are compared relative to the
    largest effect, and conditional SDs relative to each SD."""
    coefficients = fit_dict["coefficients"]
    errors = fit_dict["standard_errors"]
    assert isinstance(coefficients, dict) and isinstance(errors, dict)
    for name in ("(Intercept)", "prior", "female"):
        assert coefficients[name] == pytest.approx(reference[name], rel=1e-6)
        assert errors[name] == pytest.approx(reference[f"se:{name}"], rel=1e-6)
    assert fit_dict["tau2"] == pytest.approx(reference["tau2"], rel=1e-6)
    assert fit_dict["sigma2"] == pytest.approx(reference["sigma2"], rel=1e-6)
    assert fit_dict["reml_criterion"] == pytest.approx(reference["REMLcrit"], rel=1e-9)
    ours = pd.DataFrame(fit_dict["schools"]).set_index("school_code")  # type: ignore[arg-type]
    theirs = schools.set_index("school_code").loc[ours.index]
    scale = float(np.max(np.abs(theirs["effect"])))
    assert float(np.max(np.abs(ours["effect"] - theirs["effect"]))) <= 1e-6 * scale
    np.testing.assert_allclose(ours["sd"], theirs["sd"], rtol=1e-6)


@pytest.mark.lme4
def test_fit_matches_lme4_on_generated_scores(tmp_path: Path) -> None:
    data = generated_scores()
    reference, schools = run_lme4(data, tmp_path)
    fit = fit_value_added(ibis.memtable(data), predictors=("prior", "female"))
    assert len(fit.schools) == len(schools) == 120
    assert_matches_lme4(fit.as_dict(), reference, schools)
