//! Two small accelerator modules CPython's library imports when present:
//! `_statistics` (the inverse of the normal distribution's CDF) and
//! `_typing` (the identity function `NewType` instances call).

use crate::object::Value;
use crate::objects::float::new_float;
use crate::objects::function::NativeFn;
use crate::protocols::args::{check_args, no_kwargs};
use crate::vm::{PyResult, Vm};

/// Evaluates a polynomial, coefficients from the highest degree down.
fn poly(coeffs: &[f64], r: f64) -> f64 {
    coeffs.iter().fold(0.0, |acc, c| acc * r + c)
}

/// The normal distribution's inverse CDF by Wichura's rational
/// approximations (Algorithm AS241, Applied Statistics 37(3), 1988),
/// which give about 16 correct digits. The coefficients are written as
/// published, digit for digit (the nearest doubles are what matter).
#[allow(clippy::excessive_precision)]
fn normal_dist_inv_cdf(p: f64, mu: f64, sigma: f64) -> f64 {
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        let num = poly(
            &[
                2.5090809287301226727e3,
                3.3430575583588128105e4,
                6.7265770927008700853e4,
                4.5921953931549871457e4,
                1.3731693765509461125e4,
                1.9715909503065514427e3,
                1.3314166789178437745e2,
                3.3871328727963666080e0,
            ],
            r,
        ) * q;
        let den = poly(
            &[
                5.2264952788528545610e3,
                2.8729085735721942674e4,
                3.9307895800092710610e4,
                2.1213794301586595867e4,
                5.3941960214247511077e3,
                6.8718700749205790830e2,
                4.2313330701600911252e1,
                1.0,
            ],
            r,
        );
        return mu + (num / den) * sigma;
    }
    let r = if q <= 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let (num, den) = if r <= 5.0 {
        let r = r - 1.6;
        (
            poly(
                &[
                    7.74545014278341407640e-4,
                    2.27238449892691845833e-2,
                    2.41780725177450611770e-1,
                    1.27045825245236838258e0,
                    3.64784832476320460504e0,
                    5.76949722146069140550e0,
                    4.63033784615654529590e0,
                    1.42343711074968357734e0,
                ],
                r,
            ),
            poly(
                &[
                    1.05075007164441684324e-9,
                    5.47593808499534494600e-4,
                    1.51986665636164571966e-2,
                    1.48103976427480074590e-1,
                    6.89767334985100004550e-1,
                    1.67638483018380384940e0,
                    2.05319162663775882187e0,
                    1.0,
                ],
                r,
            ),
        )
    } else {
        let r = r - 5.0;
        (
            poly(
                &[
                    2.01033439929228813265e-7,
                    2.71155556874348757815e-5,
                    1.24266094738807843860e-3,
                    2.65321895265761230930e-2,
                    2.96560571828504891230e-1,
                    1.78482653991729133580e0,
                    5.46378491116411436990e0,
                    6.65790464350110377720e0,
                ],
                r,
            ),
            poly(
                &[
                    2.04426310338993978564e-15,
                    1.42151175831644588870e-7,
                    1.84631831751005468180e-5,
                    7.86869131145613259100e-4,
                    1.48753612908506148525e-2,
                    1.36929880922735805310e-1,
                    5.99832206555887937690e-1,
                    1.0,
                ],
                r,
            ),
        )
    };
    let x = if q < 0.0 { -(num / den) } else { num / den };
    mu + x * sigma
}

fn float_arg(vm: &mut Vm, v: &Value) -> PyResult<f64> {
    let f = vm.call(
        &crate::object::types::types().float,
        std::slice::from_ref(v),
        &[],
    )?;
    Ok(crate::objects::float::float_of(&f).unwrap_or(f64::NAN))
}

pub fn make_statistics(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[("_normal_dist_inv_cdf", |vm, a, k| {
        no_kwargs(vm, "_normal_dist_inv_cdf", k)?;
        check_args(vm, "_normal_dist_inv_cdf", a, 3, 3)?;
        let p = float_arg(vm, &a[0])?;
        let mu = float_arg(vm, &a[1])?;
        let sigma = float_arg(vm, &a[2])?;
        Ok(new_float(normal_dist_inv_cdf(p, mu, sigma)))
    })];
    super::make_module("_statistics", funcs, vec![])
}

pub fn make_typing(_vm: &mut Vm) -> Value {
    let funcs: &[(&'static str, NativeFn)] = &[("_idfunc", |vm, a, k| {
        no_kwargs(vm, "_idfunc", k)?;
        check_args(vm, "_idfunc", a, 2, 2)?;
        Ok(a[1].clone())
    })];
    super::make_module("_typing", funcs, vec![])
}

#[cfg(test)]
mod tests {
    use super::normal_dist_inv_cdf;

    #[test]
    fn known_quantiles() {
        // The values CPython's statistics.NormalDist().inv_cdf gives.
        assert_eq!(normal_dist_inv_cdf(0.5, 0.0, 1.0), 0.0);
        assert_eq!(
            normal_dist_inv_cdf(0.975, 0.0, 1.0),
            1.959_963_984_540_053_6
        );
        assert_eq!(normal_dist_inv_cdf(1e-300, 0.0, 1.0), -37.047_096_299_361_2);
    }
}
