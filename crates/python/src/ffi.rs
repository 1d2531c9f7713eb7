//! The Arrow C data interface over Python's PyCapsule protocol: a record batch in from any object with
//! `__arrow_c_array__` (pyarrow, polars, DuckDB ...), a `pyarrow.RecordBatch` out. Buffers are shared,
//! never copied, and no Python object is made per row.

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema, from_ffi, to_ffi};
use arrow_array::{Array, RecordBatch, StructArray};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use crate::bindings::SchemaError;

/// Imports a record batch from an object implementing `__arrow_c_array__` (a `pyarrow.RecordBatch`).
pub fn import_batch(object: &Bound<'_, PyAny>) -> PyResult<RecordBatch> {
    if !object.hasattr("__arrow_c_array__")? {
        let kind = object.get_type().name()?;
        return Err(PyTypeError::new_err(format!(
            "expected a pyarrow.RecordBatch (an object with __arrow_c_array__), got {kind}"
        )));
    }
    let capsules = object.call_method0("__arrow_c_array__")?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = capsules.extract()?;
    let schema = schema.pointer_checked(Some(c"arrow_schema"))?.cast::<FFI_ArrowSchema>();
    let array = array.pointer_checked(Some(c"arrow_array"))?.cast::<FFI_ArrowArray>();
    // SAFETY: the capsules are named as the protocol requires and hold valid, initialised C structs; the
    // array is moved out (its capsule keeps a released, empty struct), the schema is only borrowed.
    let data = unsafe {
        let array = FFI_ArrowArray::from_raw(array.as_ptr());
        from_ffi(array, schema.as_ref())
    }
    .map_err(|err| SchemaError::new_err(format!("cannot import the Arrow batch: {err}")))?;
    let structs = StructArray::from(data);
    if structs.null_count() > 0 {
        return Err(SchemaError::new_err("the Arrow array has null rows: expected a record batch"));
    }
    Ok(RecordBatch::from(structs))
}

/// Exports `batch` as a `pyarrow.RecordBatch` without copying its buffers.
pub fn export_batch(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyAny>> {
    let data = StructArray::from(batch).into_data();
    let (array, schema) =
        to_ffi(&data).map_err(|err| SchemaError::new_err(format!("cannot export the Arrow batch: {err}")))?;
    // Each capsule owns its struct; dropping one that pyarrow did not move out releases it.
    let schema = PyCapsule::new_with_value(py, schema, c"arrow_schema")?;
    let array = PyCapsule::new_with_value(py, array, c"arrow_array")?;
    py.import("pyarrow")?.getattr("RecordBatch")?.call_method1("_import_from_c_capsule", (schema, array))
}
