"""accounts: auth epoch, preferences, privacy acknowledgement, throttling, invitations, data requests

Revision ID: 0003_accounts
Revises: 0004_orders
"""
from alembic import op
import sqlalchemy as sa


revision = '0005_accounts'
down_revision = '0004_orders'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('auth_epoch', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('prefs', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('privacy_ack_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('auth_epoch', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('notice_given', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        'login_failures',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=200), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_login_failures_key', 'login_failures', ['key'])
    op.create_index('ix_login_failures_created_at', 'login_failures', ['created_at'])
    op.create_table(
        'class_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('class_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('invited_by', sa.Integer(), nullable=False),
        sa.Column('group_name', sa.String(length=120), nullable=True),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['class_id'], ['classes.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invited_by'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('class_id', 'user_id'))
    op.create_index('ix_class_invitations_class_id', 'class_invitations', ['class_id'])
    op.create_index('ix_class_invitations_user_id', 'class_invitations', ['user_id'])
    op.create_table(
        'data_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('done_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_data_requests_user_id', 'data_requests', ['user_id'])
    op.create_index('ix_data_requests_status', 'data_requests', ['status'])


def downgrade() -> None:
    op.drop_table('data_requests')
    op.drop_table('class_invitations')
    op.drop_table('login_failures')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_column('notice_given')
    with op.batch_alter_table('login_sessions', schema=None) as batch_op:
        batch_op.drop_column('replaced_at')
        batch_op.drop_column('auth_epoch')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('privacy_ack_at')
        batch_op.drop_column('prefs')
        batch_op.drop_column('auth_epoch')
