"""orders: the sales book (orders, order items, per-seller sales settings)

Revision ID: 0004_orders
Revises: 0003_tracks
"""
from alembic import op
import sqlalchemy as sa


revision = '0004_orders'
down_revision = '0003_tracks'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'orders',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('seq', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('customer_name', sa.String(length=200), nullable=False),
        sa.Column('customer_phone', sa.String(length=20), nullable=False),
        sa.Column('customer_address', sa.String(length=500), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('payment', sa.String(length=20), nullable=False),
        sa.Column('paid', sa.Boolean(), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('history', sa.JSON(), nullable=True),
        sa.Column('subtotal', sa.Integer(), nullable=False),
        sa.Column('discount', sa.Integer(), nullable=False),
        sa.Column('shipping_fee', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('stock_taken', sa.Boolean(), nullable=False),
        sa.Column('anonymised_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('owner_id', 'seq'),
    )
    op.create_index('ix_orders_owner_id', 'orders', ['owner_id'])
    op.create_index('ix_orders_customer_phone', 'orders', ['customer_phone'])
    op.create_index('ix_orders_owner_created', 'orders', ['owner_id', 'created_at'])
    op.create_index('ix_orders_owner_status', 'orders', ['owner_id', 'status'])
    op.create_table(
        'order_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('order_id', sa.Integer(), nullable=False),
        sa.Column('product_id', sa.Integer(), nullable=True),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('variant', sa.String(length=120), nullable=False),
        sa.Column('unit_price', sa.Integer(), nullable=False),
        sa.Column('qty', sa.Integer(), nullable=False),
        sa.Column('line_total', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['order_id'], ['orders.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_order_items_order_id', 'order_items', ['order_id'])
    op.create_index('ix_order_items_product_id', 'order_items', ['product_id'])
    op.create_table(
        'sales_settings',
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('anonymise_after_days', sa.Integer(), nullable=True),
        sa.Column('low_stock_level', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('owner_id'),
    )


def downgrade() -> None:
    op.drop_table('sales_settings')
    op.drop_index('ix_order_items_product_id', table_name='order_items')
    op.drop_index('ix_order_items_order_id', table_name='order_items')
    op.drop_table('order_items')
    for name in ('ix_orders_owner_status', 'ix_orders_owner_created', 'ix_orders_customer_phone', 'ix_orders_owner_id'):
        op.drop_index(name, table_name='orders')
    op.drop_table('orders')
