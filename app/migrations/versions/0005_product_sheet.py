"""product sheet columns and shop profiles

Revision ID: 0005_product_sheet
Revises: 0004_orders
Create Date: 2026-11-27 15:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_product_sheet'
down_revision = '0005_accounts'
branch_labels = None
depends_on = None

SHEET_TEXT = (("brand", 120), ("origin", 200), ("weight", 60), ("dimensions", 120), ("variants", None),
              ("ingredients", None), ("usage", None), ("storage", None), ("shelf_life", 200), ("sku", 100),
              ("photos", None))


def upgrade() -> None:
    with op.batch_alter_table('products', schema=None) as batch_op:
        for name, length in SHEET_TEXT:
            kind = sa.String(length=length) if length else sa.Text()
            batch_op.add_column(sa.Column(name, kind, nullable=False, server_default=''))
        batch_op.add_column(sa.Column('stock', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('shop_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('shop_name', sa.String(length=120), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('zalo', sa.String(length=200), nullable=False),
    sa.Column('facebook', sa.String(length=300), nullable=False),
    sa.Column('delivery_area', sa.String(length=200), nullable=False),
    sa.Column('return_policy', sa.String(length=500), nullable=False),
    sa.Column('bank_bin', sa.String(length=6), nullable=False),
    sa.Column('bank_account', sa.String(length=19), nullable=False),
    sa.Column('account_holder', sa.String(length=100), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('shop_profiles')
    with op.batch_alter_table('products', schema=None) as batch_op:
        batch_op.drop_column('updated_at')
        batch_op.drop_column('stock')
        for name, _ in reversed(SHEET_TEXT):
            batch_op.drop_column(name)
