from loyalty_app.services.staff import security


def test_passwords_and_pins_are_checked_against_their_bcrypt_hash():
    hashed = security.hash_password("correct horse")
    assert security.check_secret("correct horse", hashed)
    assert not security.check_secret("wrong horse", hashed)
    assert security.check_secret("1234", security.hash_pin("1234"))


def test_a_malformed_hash_never_matches():
    assert not security.check_secret("1234", "not-a-bcrypt-hash")


def test_the_pin_lookup_digest_depends_on_the_store():
    assert security.pin_lookup_digest(1, "1234") == security.pin_lookup_digest(1, "1234")
    assert security.pin_lookup_digest(1, "1234") != security.pin_lookup_digest(2, "1234")
    assert "1234" not in security.pin_lookup_digest(1, "1234")
