/** Source files of small Doctrine programs that several tests scan. */

/**
 * `src/Entity/Member.php`: an entity mapped to `club_members`, whose `$phone` is the column `mobile_phone` and
 * `$fullName` `full_name`, with a getter and a method that reads both.
 */
export const CLUB_MEMBER = [
  '<?php',
  '',
  'namespace App\\Entity;',
  '',
  'use Doctrine\\ORM\\Mapping as ORM;',
  '',
  '#[ORM\\Entity]',
  "#[ORM\\Table(name: 'club_members')]",
  'class Member',
  '{',
  '    #[ORM\\Id]',
  '    #[ORM\\GeneratedValue]',
  '    #[ORM\\Column]',
  '    private ?int $id = null;',
  '',
  "    #[ORM\\Column(name: 'mobile_phone', length: 32)]",
  '    private ?string $phone = null;',
  '',
  '    #[ORM\\Column(length: 120)]',
  '    private ?string $fullName = null;',
  '',
  '    public function getPhone(): ?string',
  '    {',
  '        return $this->phone;',
  '    }',
  '',
  '    public function label(): string',
  '    {',
  "        return $this->fullName . ' (' . $this->phone . ')';",
  '    }',
  '}',
  '',
].join('\n');
