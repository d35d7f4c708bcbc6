"""`intake user create`."""
from __future__ import annotations

import sys

import click
from flask import current_app

from intake.cli.context import CommandFailed, application_session
from intake.domain.roles import Role
from intake.services.accounts import AccountError, create_user


@click.group(help="User accounts.")
def user() -> None:
    pass


@user.command(name="create", help="Create a user. An enterprise user belongs to the enterprise "
                                  "with --tax-code (created if new).")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([role.value for role in Role]))
@click.option("--tax-code", help="The enterprise's tax code (enterprise users only).")
@click.option("--name", "full_name", default="", help="The user's full name.")
@click.option("--enterprise-name", default=None, help="Name of the enterprise if it is new.")
@click.option("--preparer", is_flag=True,
              help="An enterprise user who creates, edits, validates and attaches evidence, but "
                   "may not certify (submit, amend, sign).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, role: str, tax_code: str | None, full_name: str,
           enterprise_name: str | None, preparer: bool, password_stdin: bool) -> None:
    if preparer and Role(role) is not Role.ENTERPRISE:
        # Refused before any password is asked for.
        raise CommandFailed("Only enterprise users can be preparers (drop --preparer).\n"
                            "Chỉ người dùng doanh nghiệp mới có thể là người lập báo cáo (bỏ --preparer).")

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with application_session() as session:
        try:
            created = create_user(session, email=email, role=Role(role), password=password,
                                  full_name=full_name, tax_code=tax_code,
                                  enterprise_name=enterprise_name, can_certify=not preparer,
                                  hash_profile=current_app.config["PASSWORD_HASH_PROFILE"])
        except AccountError as error:
            session.rollback()
            raise CommandFailed(f"{error.message}\n{error.message_vi}") from None
        session.commit()
        click.echo(f"user {created.email} created with role {created.role.value}"
                   + (f" for enterprise {created.enterprise.tax_code}" if created.enterprise else "")
                   + (" (preparer: may not certify)" if created.enterprise and not created.can_certify else "")
                   + (" (enterprise administrator)" if created.is_enterprise_admin else ""))
