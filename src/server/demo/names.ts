import type { Gender } from '../../domain';
import type { Random } from './prng';

/** Common surnames, roughly by frequency (the first ones repeat so they come up more often). */
const SURNAMES = [
  '王', '李', '张', '刘', '陈', '王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡',
  '朱', '高', '林', '何', '郭', '马', '罗', '梁', '宋', '郑', '谢', '韩', '唐', '冯', '于', '董', '程', '曹',
  '袁', '邓', '许', '傅', '沈', '曾', '彭', '吕', '苏', '卢', '蒋', '蔡', '贾', '丁', '魏', '薛', '叶', '潘',
  '杜', '戴', '夏', '钟', '汪', '田', '任', '姜', '范', '方', '石', '姚', '谭', '廖', '邹', '熊', '金', '陆',
  '郝', '孔', '白', '崔', '康', '毛', '邱', '秦', '江', '史', '顾', '侯', '邵', '孟', '欧阳', '司马',
];

/** Characters typical of names given in the 1930s–1960s. */
const GIVEN = {
  male: {
    first: ['建', '国', '志', '德', '振', '立', '永', '文', '树', '宝', '家', '世', '庆', '学', '克', '长', '跃', '卫', '光', '福'],
    second: ['国', '华', '民', '明', '强', '林', '山', '生', '平', '成', '忠', '军', '武', '东', '新', '安', '荣', '祥', '义', '才'],
  },
  female: {
    first: ['秀', '淑', '桂', '玉', '凤', '兰', '翠', '素', '丽', '春', '冬', '红', '月', '金', '惠', '慧', '美', '雪', '巧', '爱'],
    second: ['英', '珍', '芳', '霞', '云', '琴', '梅', '兰', '华', '荣', '萍', '莲', '娟', '芬', '琼', '香', '清', '敏', '贞', '芝'],
  },
} as const;

export function syntheticName(random: Random, gender: Gender, surname: string = random.pick(SURNAMES)): string {
  const pool = GIVEN[gender];
  const given = random.chance(0.25) ? random.pick(pool.second) : random.pick(pool.first) + random.pick(pool.second);
  return surname + given;
}

export function syntheticSurname(random: Random): string {
  return random.pick(SURNAMES);
}
