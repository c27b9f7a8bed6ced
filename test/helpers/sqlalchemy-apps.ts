/** Source files of small SQLAlchemy programs that several tests scan. */

/** `app/models.py`: a declarative `User` mapped to `users`, with an e-mail address and a full name. */
export const USERS_MODEL = [
  'from sqlalchemy import Column, Integer, String',
  'from sqlalchemy.orm import declarative_base',
  '',
  'Base = declarative_base()',
  '',
  'class User(Base):',
  '    __tablename__ = "users"',
  '    id = Column(Integer, primary_key=True)',
  '    email = Column(String)',
  '    full_name = Column(String)',
  '',
].join('\n');
