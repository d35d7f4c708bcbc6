"""Prints the demo logins (run by `make run`)."""
from intake.services.seeding import DEMO_ACCOUNTS, DEMO_PASSWORD


def main() -> None:
    print("\nDemo logins / Tài khoản dùng thử (password / mật khẩu: %s)" % DEMO_PASSWORD)
    for email, role, tax_code, _name in DEMO_ACCOUNTS:
        print(f"  {role.value:<10} {email}" + (f"  (MST {tax_code})" if tax_code else ""))
    print()


if __name__ == "__main__":
    main()
