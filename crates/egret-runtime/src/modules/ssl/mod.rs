//! `_ssl` without a TLS library: the module is its Python layer
//! (`layer.py`), which gives `ssl.py` its constants, exception classes,
//! `MemoryBIO` and random bytes, and raises NotImplementedError where a
//! TLS context would be made. Programs that import `ssl` without using
//! TLS (asyncio, http.client, urllib) run; TLS itself is still to come.

use crate::objects::dict::{DictData, DictTable, new_dict};
use crate::objects::module::new_module;
use crate::vm::{PyResult, Vm};

const SOURCE: &str = include_str!("layer.py");

pub fn load(vm: &mut Vm) -> PyResult {
    let ns = new_dict(DictTable::new());
    let m = new_module("_ssl", ns.clone());
    if let Some(d) = ns.downcast::<DictData>() {
        d.table
            .borrow_mut()
            .set_str("__builtins__", vm.builtins.clone());
    }
    super::run_layer(vm, SOURCE, "<_ssl>", &ns)?;
    Ok(m)
}
