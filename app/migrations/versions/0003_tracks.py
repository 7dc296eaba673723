"""learner tracks (learning paths)

Revision ID: 0003_tracks
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_tracks'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('learner_tracks',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('track', sa.String(length=40), nullable=False),
    sa.Column('chosen_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chosen_by_id'], ['users.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('learner_tracks')
