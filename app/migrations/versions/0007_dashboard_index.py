"""dashboard: a covering index on quiz_answers for the hardest questions (grouped without a sort)

Revision ID: 0007_dashboard_index
Revises: 0006_class_tools
Create Date: 2026-11-27 18:40:00
"""
from alembic import op


revision = '0007_dashboard_index'
down_revision = '0006_class_tools'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_quiz_answers_question_chosen', 'quiz_answers',
                    ['question_id', 'chosen', 'correct', 'attempt_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_quiz_answers_question_chosen', table_name='quiz_answers')
