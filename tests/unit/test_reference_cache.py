"""Cached Keras references: exact round trips, invalidated by any change they depend on."""

import numpy as np

from rnnlab.grader.reference_cache import ReferenceStore, fingerprint


def test_values_round_trip_exactly(tmp_path, test_file):
    store = ReferenceStore(tmp_path / "cache", test_file)
    values = {
        "array": np.arange(6, dtype=np.float32).reshape(2, 3) / 7,
        "tuple": (np.ones((2, 4), np.float32), np.zeros(3, np.float32)),
        "int": 41984,
    }
    for key, value in values.items():
        assert store.get(key, lambda v=value: v) is value
    store.save()
    again = ReferenceStore(tmp_path / "cache", test_file)
    computed = []
    for key, value in values.items():
        got = again.get(key, lambda key=key: computed.append(key))
        if isinstance(value, tuple):
            assert isinstance(got, tuple) and all(np.array_equal(a, b) for a, b in zip(got, value))
        elif isinstance(value, int):
            assert got == value and isinstance(got, int)
        else:
            assert got.dtype == value.dtype and got.tobytes() == value.tobytes()
    assert computed == [] and again.hits == 3


def test_editing_the_test_file_invalidates_and_removes_the_old_file(tmp_path, test_file):
    store = ReferenceStore(tmp_path / "cache", test_file)
    store.get("x", lambda: np.ones(2))
    store.save()
    before = fingerprint(test_file)
    test_file.write_text("# edited\n")
    assert fingerprint(test_file) != before
    fresh = ReferenceStore(tmp_path / "cache", test_file)
    assert fresh.get("x", lambda: np.zeros(2)).tolist() == [0.0, 0.0]
    fresh.save()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [fresh.path.name]


def test_a_damaged_cache_is_recomputed(tmp_path, test_file):
    store = ReferenceStore(tmp_path / "cache", test_file)
    store.get("x", lambda: np.ones(2))
    store.save()
    store.path.write_bytes(b"not an npz")
    again = ReferenceStore(tmp_path / "cache", test_file)
    assert again.get("x", lambda: np.full(2, 5.0)).tolist() == [5.0, 5.0]


def test_fresh_ignores_what_is_stored(tmp_path, test_file):
    store = ReferenceStore(tmp_path / "cache", test_file)
    store.get("x", lambda: np.ones(2))
    store.save()
    fresh = ReferenceStore(tmp_path / "cache", test_file, fresh=True)
    assert fresh.get("x", lambda: np.zeros(2)).tolist() == [0.0, 0.0] and fresh.computed == 1
