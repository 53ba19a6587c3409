"""Exact REML fit of a random-intercept model from per-group sufficient statistics.

Model: y_ij = x_ij'β + u_j + e_ij, u_j ~ N(0, τ²), e_ij ~ N(0, σ²), ρ = τ²/σ².
With V_j = σ²(I + ρJ), the profiled REML criterion depends on the data only through
n_j, s_j = Σ_i x_ij, t_j = Σ_i y_ij per group and X'X, X'y, y'y overall
(``shared/spec/methods.md`` §1.1.3; Harville 1977; Bates et al. 2015). Minimising it is a
one-dimensional search over log ρ. Pure NumPy/SciPy: the sums come from elsewhere.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.optimize import brentq, minimize_scalar

FloatArray = npt.NDArray[np.float64]

# Search range of log ρ: ρ from 1e-13 (no between-group variance) to 3e6 (groups explain everything).
LOG_RHO_BOUNDS = (-30.0, 15.0)
# A fit whose largest shrinkage factor λ_j stays below this is a boundary fit (τ̂² = 0, lme4's "singular").
BOUNDARY_SHRINKAGE = 1e-7


@dataclass(frozen=True)
class SufficientStatistics:
    """Per-group and overall sums of centred data (p predictors including the intercept)."""

    n: FloatArray  # (G,) group sizes
    s: FloatArray  # (G, p) Σ_i x_ij per group
    t: FloatArray  # (G,) Σ_i y_ij per group
    xtx: FloatArray  # (p, p)
    xty: FloatArray  # (p,)
    yty: float

    @property
    def observations(self) -> int:
        return round(float(self.xtx[0, 0]))  # the intercept column's Σ 1·1

    @property
    def groups(self) -> int:
        return int(self.n.shape[0])

    @property
    def predictors(self) -> int:
        return int(self.xtx.shape[0])


@dataclass(frozen=True)
class RemlFit:
    beta: FloatArray  # (p,) fixed effects on the scale the statistics were computed on
    beta_cov: FloatArray  # (p, p) σ̂² A⁻¹, lme4's vcov()
    sigma2: float
    tau2: float
    rho: float
    reml_criterion: float  # −2 ℓ_R at the optimum, lme4's REMLcrit()
    boundary: bool  # τ̂² = 0: no detectable between-group variance
    effects: FloatArray  # (G,) conditional modes û_j (EB / BLUP)
    effect_sd: FloatArray  # (G,) conditional SDs, lme4's ranef(condVar = TRUE)
    shrinkage: FloatArray  # (G,) λ_j = n_j ρ / (1 + n_j ρ)
    residual_means: FloatArray  # (G,) ȳ_j − x̄_j'β̂, the unshrunk school means of residuals


class _Criterion:
    """−2 ℓ_R(ρ), evaluated from the within-group cross-products plus a ρ-dependent term.

    M(ρ) = [X y]'V*⁻¹[X y] = M − Σ_j w_j z_j z_j' with z_j = (s_j, t_j), w_j = ρ/(1 + n_j ρ).
    Written as W + Σ_j z_j z_j' / (n_j (1 + n_j ρ)), where W = M − Σ_j z_j z_j'/n_j is the
    within-group part: the large cancellation happens once, not at every ρ.
    """

    def __init__(self, stats: SufficientStatistics) -> None:
        p = stats.predictors
        self.p = p
        self.n = stats.n
        self.z = np.column_stack([stats.s, stats.t])
        full = np.empty((p + 1, p + 1))
        full[:p, :p] = stats.xtx
        full[:p, p] = full[p, :p] = stats.xty
        full[p, p] = stats.yty
        self.within = full - (self.z / self.n[:, None]).T @ self.z
        self.dof = stats.observations - p

    def moments(self, rho: float) -> FloatArray:
        factor = 1.0 / (self.n * (1.0 + self.n * rho))
        result: FloatArray = self.within + (self.z * factor[:, None]).T @ self.z
        return result

    def solve(self, rho: float) -> tuple[FloatArray, FloatArray, float]:
        m = self.moments(rho)
        a, b, c = m[: self.p, : self.p], m[: self.p, self.p], float(m[self.p, self.p])
        beta: FloatArray = np.asarray(np.linalg.solve(a, b), dtype=np.float64)
        rss = c - float(b @ beta)
        return a, beta, rss

    def __call__(self, rho: float) -> float:
        a, _, rss = self.solve(rho)
        _, logdet = np.linalg.slogdet(a)
        return float(
            self.dof * (1.0 + math.log(2.0 * math.pi * rss / self.dof)) + np.log1p(self.n * rho).sum() + logdet
        )

    def slope(self, rho: float) -> float:
        """d(−2ℓ_R)/dρ. By the envelope theorem dRSS/dρ = −Σ_j (t_j − s_j'β̂)²/(1 + n_j ρ)²;
        d log|A|/dρ = tr(A⁻¹ dA/dρ) with dA/dρ = −Σ_j s_j s_j'/(1 + n_j ρ)²."""
        a, beta, rss = self.solve(rho)
        weight = 1.0 / (1.0 + self.n * rho) ** 2
        s = self.z[:, : self.p]
        residual = self.z[:, self.p] - s @ beta
        d_rss = -float(np.sum(weight * residual**2))
        d_a = -(s * weight[:, None]).T @ s
        return float(self.dof * d_rss / rss + np.sum(self.n / (1.0 + self.n * rho)) + np.trace(np.linalg.solve(a, d_a)))


def _minimise_log_rho(criterion: _Criterion) -> float:
    """Coarse grid (the criterion need not be unimodal far from its minimum), bounded Brent, then a root of the
    slope: the criterion is flat at its minimum, so its value pins log ρ only to about 1e-6, its slope to 1e-12."""
    lo, hi = LOG_RHO_BOUNDS
    grid = np.linspace(lo, hi, 91)
    values = [criterion(math.exp(g)) for g in grid]
    best = int(np.argmin(values))
    left, right = float(grid[max(best - 1, 0)]), float(grid[min(best + 1, len(grid) - 1)])
    found = minimize_scalar(
        lambda g: criterion(math.exp(g)), bounds=(left, right), method="bounded", options={"xatol": 1e-10}
    )
    theta = float(found.x) if float(found.fun) <= values[best] else float(grid[best])
    step = 1e-4
    while step < 1.0:
        below, above = max(theta - step, lo), min(theta + step, hi)
        if criterion.slope(math.exp(below)) < 0.0 < criterion.slope(math.exp(above)):
            return float(brentq(lambda g: criterion.slope(math.exp(g)), below, above, xtol=1e-14, rtol=1e-15))
        step *= 4.0
    return theta  # at a bound, or too flat to bracket: the Brent minimum stands


def fit_reml(stats: SufficientStatistics) -> RemlFit:
    """REML estimates, conditional modes and their SDs for a random-intercept model."""
    criterion = _Criterion(stats)
    rho = math.exp(_minimise_log_rho(criterion))
    boundary = float(np.max(stats.n * rho / (1.0 + stats.n * rho))) < BOUNDARY_SHRINKAGE
    if boundary:
        rho = 0.0
    a, beta, rss = criterion.solve(rho)
    sigma2 = rss / criterion.dof
    shrinkage = stats.n * rho / (1.0 + stats.n * rho)
    residual_means = (stats.t - stats.s @ beta) / stats.n
    return RemlFit(
        beta=beta,
        beta_cov=sigma2 * np.asarray(np.linalg.inv(a), dtype=np.float64),
        sigma2=sigma2,
        tau2=rho * sigma2,
        rho=rho,
        reml_criterion=criterion(rho),
        boundary=boundary,
        effects=shrinkage * residual_means,
        effect_sd=np.sqrt(sigma2 * rho / (1.0 + stats.n * rho)),
        shrinkage=shrinkage,
        residual_means=residual_means,
    )
