from intake.security.passwords import hash_password, password_problems, verify_password


def test_a_password_verifies_against_its_argon2id_hash_and_nothing_else():
    hashed = hash_password("mot-mat-khau-dai", "test")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "mot-mat-khau-dai", "test")
    assert not verify_password(hashed, "mot-mat-khau-khac", "test")


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("mot-mat-khau-dai", "test") != hash_password("mot-mat-khau-dai", "test")


def test_an_unknown_user_never_verifies():
    assert not verify_password(None, "anything-at-all", "test")


def test_a_corrupt_hash_is_a_failure_not_a_crash():
    assert not verify_password("not-a-hash", "anything-at-all", "test")


def test_short_passwords_and_the_email_itself_are_refused_in_both_languages():
    problems = password_problems("ngan", "a@b.vn")
    assert len(problems) == 1 and "10" in problems[0][0] and "ký tự" in problems[0][1]
    assert password_problems("nguoidung@congty.vn", "nguoidung@congty.vn")
    assert password_problems("mat-khau-du-dai-2026", "a@b.vn") == []
