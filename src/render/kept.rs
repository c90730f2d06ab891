//! Parts of the whole-site data files kept between runs (by `serve`), one per indicator: a
//! partial build makes again only the parts of the indicators whose figures it redoes, and
//! writes the others as they were.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use anyhow::Result;

use super::Scope;
use crate::model::{Indicator, Site};

/// Each indicator's part of one file, by indicator id.
pub type Parts<T> = HashMap<String, Arc<T>>;

/// The parts of one file, kept between runs.
#[derive(Debug)]
pub struct Kept<T>(Mutex<Parts<T>>);

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept(Mutex::new(HashMap::new()))
    }
}

impl<T: Send + Sync> Kept<T> {
    /// Every indicator's part: made by `make` again for the indicators whose data `scope`
    /// redoes (all of them in a full build) and for those not kept; the others as kept.
    pub fn parts(
        &self,
        site: &Site,
        scope: &Scope,
        make: impl Fn(&Indicator) -> Result<T> + Sync,
    ) -> Result<Parts<T>> {
        use rayon::prelude::*;
        let mut kept = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let all = scope.is_all();
        let parts = site
            .results
            .indicators
            .par_iter()
            .map(|i| {
                let part = match kept.get(&i.id) {
                    Some(f) if !all && !scope.wants_data(Some(&i.id)) => Arc::clone(f),
                    _ => Arc::new(make(i)?),
                };
                Ok((i.id.clone(), part))
            })
            .collect::<Result<Parts<T>>>()?;
        kept.clone_from(&parts);
        Ok(parts)
    }
}
