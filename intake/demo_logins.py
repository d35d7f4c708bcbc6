"""Prints the demo logins (run by `make run`)."""
from intake.services.seeding import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TEAM

_TEAM_LABELS = {"preparer": "người lập, không nộp / preparer, may not submit",
                "consultant": "tư vấn, lập báo cáo cho MST 0100112437 / consultant preparing for it"}


def main() -> None:
    print("\nDemo logins / Tài khoản dùng thử (password / mật khẩu: %s)" % DEMO_PASSWORD)
    for email, role, tax_code, _name in DEMO_ACCOUNTS:
        print(f"  {role.value:<10} {email}" + (f"  (MST {tax_code})" if tax_code else ""))
    for email, tax_code, _name, kind in DEMO_TEAM:
        print(f"  {'enterprise':<10} {email}  (MST {tax_code}; {_TEAM_LABELS[kind]})")
    print()


if __name__ == "__main__":
    main()
